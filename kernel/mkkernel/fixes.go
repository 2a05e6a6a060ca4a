package main

// A fix replaces exactly one occurrence of Old with New in File of the
// pinned gophernotes source. A fix whose Old text is missing, or found more
// than once, fails the build: the pinned source changed under us.
type fix struct {
	File, Old, New, Why string
}

var fixes = []fix{
	{
		File: "x_package.go",
		Why:  "the JSONer proxy must match display.JSONer, which returns a map; newer gomacro validates proxies at start-up",
		Old:  "JSON_  func(interface{}) string",
		New:  "JSON_  func(interface{}) map[string]interface{}",
	},
	{
		File: "x_package.go",
		Why:  "(same) the proxy method returns the map",
		Old:  "func (P *proxy_JSONer) JSON() string {",
		New:  "func (P *proxy_JSONer) JSON() map[string]interface{} {",
	},
	{
		File: "kernel.go",
		Why:  "interrupting a cell (SIGINT from Jupyter) must stop the interpreted code, not kill the kernel",
		Old:  "\tir := interp.New()\n",
		New:  "\tir := interp.New()\n\tstartInterruptHandler(ir)\n",
	},
	{
		File: "kernel.go",
		Why:  "kernel_info_reply must carry a status (messaging spec 5.x)",
		Old:  "\tHelpLinks             []helpLink         `json:\"help_links\"`\n",
		New:  "\tHelpLinks             []helpLink         `json:\"help_links\"`\n\tStatus                string             `json:\"status\"`\n",
	},
	{
		File: "kernel.go",
		Why:  "(same) set it; and name the language precisely so front ends highlight Go",
		Old:  "\t\t\t\tFileExtension: \".go\",\n\t\t\t},\n",
		New:  "\t\t\t\tFileExtension: \".go\",\n\t\t\t\tMIMEType: \"text/x-go\",\n\t\t\t\tPygmentsLexer: \"go\",\n\t\t\t\tCodeMirrorMode: \"go\",\n\t\t\t},\n\t\t\tStatus: \"ok\",\n",
	},
	{
		File: "kernel.go",
		Why:  "import the prebuilt packages once at start-up, in the background, so a cell's import is instant",
		Old:  "\tkernel.initRenderers()\n",
		New:  "\tkernel.initRenderers()\n\tstartWarmup(ir)\n",
	},
	{
		File: "kernel.go",
		Why:  "(same) requests that use the interpreter wait for the warm-up to finish",
		Old:  "\tir := kernel.ir\n\n\tswitch receipt.Msg.Header.MsgType {\n",
		New:  "\twaitWarm(receipt.Msg.Header.MsgType)\n\tir := kernel.ir\n\n\tswitch receipt.Msg.Header.MsgType {\n",
	},
	{
		File: "complete.go",
		Why:  "a completion with no match is not an error: reply ok with an empty list",
		Old:  "\t\tcontent[\"ename\"] = \"ERROR\"\n\t\tcontent[\"evalue\"] = \"no completions found\"\n\t\tcontent[\"traceback\"] = nil\n\t\tcontent[\"status\"] = \"error\"\n",
		New:  "\t\tcontent[\"cursor_start\"] = float64(cursorPos)\n\t\tcontent[\"cursor_end\"] = float64(cursorPos)\n\t\tcontent[\"matches\"] = []string{}\n\t\tcontent[\"metadata\"] = map[string]interface{}{}\n\t\tcontent[\"status\"] = \"ok\"\n",
	},
	{
		File: "kernel.go",
		Why:  "a cell ending in fmt.Println(x) must not also show Println's byte count and nil error",
		Old:  "_, srcEndsWithExpr = nodes[len(nodes)-1].(ast.Expr)",
		New:  "_, srcEndsWithExpr = nodes[len(nodes)-1].(ast.Expr)\n\t\tsrcEndsWithExpr = srcEndsWithExpr && !isPrintCall(nodes[len(nodes)-1])",
	},
	{
		File: "kernel.go",
		Why:  "importing a package that is not prebuilt gets a clear error instead of a plugin build",
		Old:  "\tnodes := compiler.ParseBytes([]byte(code))\n",
		New:  "\tnodes := compiler.ParseBytes([]byte(code))\n\tif err := checkImports(nodes); err != nil {\n\t\treturn nil, nil, err\n\t}\n",
	},
	{
		File: "kernel.go",
		Why:  "gomacro's warnings about skipped generic functions are not cell output",
		Old:  "io.Copy(&jupyterStdOut, rOut)",
		New:  "copyWithoutWarnings(&jupyterStdOut, rOut)",
	},
	{
		File: "kernel.go",
		Why:  "(same) on stderr",
		Old:  "io.Copy(&jupyterStdErr, rErr)",
		New:  "copyWithoutWarnings(&jupyterStdErr, rErr)",
	},
	{
		File: "kernel.go",
		Why:  "interrupts reach only a running cell; history_request needs the executed cells",
		Old:  "\t// eval\n\tvals, types, executionErr := doEval(ir, outerr, code)\n",
		New:  "\t// eval\n\trecordHistory(code, silent)\n\texecuting.Store(1)\n\tvals, types, executionErr := doEval(ir, outerr, code)\n\texecuting.Store(0)\n",
	},
	{
		File: "display.go",
		Why:  "the text/plain fallback of binary data (PNG, JPEG, PDF) is a short description, not the bytes",
		Old:  "d.Data[MIMETypeText] = fmt.Sprint(data)",
		New:  "d.Data[MIMETypeText] = plainText(mimeType, data)",
	},
	{
		File: "display.go",
		Why:  "(same) for auto-rendered values such as image.Image",
		Old:  "\t\t\ts = fmt.Sprint(arg)\n",
		New:  "\t\t\ts = fallbackText(data.Data, arg)\n",
	},
	{
		File: "kernel.go",
		Why:  "inspect, history and comm_info requests get replies (messaging spec)",
		Old:  "\tcase \"shutdown_request\":\n",
		New: "\tcase \"inspect_request\":\n\t\tif err := kernel.handleInspectRequest(receipt); err != nil {\n\t\t\tlog.Fatal(err)\n\t\t}\n" +
			"\tcase \"history_request\":\n\t\tif err := handleHistoryRequest(receipt); err != nil {\n\t\t\tlog.Fatal(err)\n\t\t}\n" +
			"\tcase \"comm_info_request\":\n\t\tif err := handleCommInfoRequest(receipt); err != nil {\n\t\t\tlog.Fatal(err)\n\t\t}\n" +
			"\tcase \"shutdown_request\":\n",
	},
}
