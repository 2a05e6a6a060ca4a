package main

// A fix replaces exactly one occurrence of Old with New in File of a pinned
// module's source (gophernotes unless Module says otherwise). A fix whose
// Old text is missing, or found more than once, fails the build: the pinned
// source changed under us.
type fix struct {
	Module, File, Old, New, Why string
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
		Why:  "ext/serve.go replaces the message loop and the dispatch of requests: no client's closed connection, bad message or control request may end the kernel",
		Old:  "func runKernel(connectionFile string) {",
		New:  "func upstreamRunKernel(connectionFile string) {",
	},
	{
		File: "main.go",
		Why:  "message headers carry the protocol version the kernel implements (5.3: cursor positions in code points)",
		Old:  "ProtocolVersion string = \"5.0\"",
		New:  "ProtocolVersion string = protocolVersion",
	},
	{
		File: "kernel.go",
		Why:  "a request without code or silent is malformed, not a reason to panic",
		Old:  "\tcode := reqcontent[\"code\"].(string)\n\tsilent := reqcontent[\"silent\"].(bool)\n",
		New:  "\tcode, _ := reqcontent[\"code\"].(string)\n\tsilent, _ := reqcontent[\"silent\"].(bool)\n",
	},
	{
		File: "kernel.go",
		Why:  "a cell's last call shows its values without a trailing nil error, and print calls show nothing",
		Old:  "\t\tif nonNilCount > 0 {\n",
		New:  "\t\tvalues, types = shownResults(nodes[len(nodes)-1], values, types)\n\t\tif nonNilCount > 0 && len(values) > 0 {\n",
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
		New:  "\t// eval\n\trecordHistory(receipt, ExecCounter, code)\n\texecuting.Store(1)\n\tvals, types, executionErr := doEval(ir, outerr, code)\n\texecuting.Store(0)\n",
	},
	{
		File: "kernel.go",
		Why:  "history with output=True needs each cell's result; %doc's pager rides on the reply's payload",
		Old:  "\t\tcontent[\"user_expressions\"] = make(map[string]string)\n",
		New:  "\t\tcontent[\"user_expressions\"] = make(map[string]string)\n\t\tcontent[\"payload\"] = takePayload()\n\t\trecordOutput(ExecCounter, data.Data)\n",
	},
	{
		File: "kernel.go",
		Why:  "an error reply's traceback is a list of strings (messaging spec)",
		Old:  "\t\tcontent[\"traceback\"] = nil\n",
		New:  "\t\tcontent[\"traceback\"] = []string{executionErr.Error()}\n\t\ttakePayload()\n",
	},
	{
		File: "kernel.go",
		Why:  "%doc EXPR shows what inspect shows, in the front end's pager",
		Old:  "\tcase \"%help\":\n",
		New:  "\tcase \"%doc\":\n\t\tpageDoc(ir, arg)\n\tcase \"%help\":\n",
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
		Module: gomacro,
		File:   "fast/statement.go",
		Why:    "a panic in a goroutine that a cell started must not end the kernel (ext/gomacro/fast/zz_goroutine.go)",
		Old:    "\t\t\tdefer tg2.glsDel()\n\n\t\t\tfunv.Call(argv)\n",
		New:    "\t\t\tdefer tg2.glsDel()\n\t\t\tdefer recoverGoroutine()\n\n\t\t\tfunv.Call(argv)\n",
	},
	{
		Module: gomacro,
		File:   "xreflect/importer.go",
		Why: "never ask the Go toolchain for export data (go list -export: seconds with a cold build cache, absent where no toolchain is installed); " +
			"types of standard packages then come from reflection, as those of every prebuilt package already do",
		Old: "\tcompat := importer.Default()\n",
		New: "\t_ = importer.Default\n\tvar compat gotypes.Importer\n",
	},
	{
		File: "kernel.go",
		Why:  "the ipc transport's endpoints are ipc://<ip>-<port>, as jupyter_client names them (ext/transport.go); the classroom hub keeps kernels off 127.0.0.1 ports with it",
		Old:  "address := fmt.Sprintf(\"%v://%v:%%v\", connInfo.Transport, connInfo.IP)",
		New:  "address := endpointFormat(connInfo.Transport, connInfo.IP)",
	},
}
