"""Jupyter's own kernel test suite (Debian's python3-jupyter-kernel-test)
against the sgdminima kernel, with Go snippets for every attribute it reads.
"""

import unittest

import jupyter_kernel_test

from kernelclient import KERNEL_NAME, use_build_kernelspec

use_build_kernelspec()


class GoKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = KERNEL_NAME
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\nfmt.Println("hello, world")'
    code_stderr = 'import ("fmt"; "os")\nfmt.Fprintln(os.Stderr, "to stderr")'

    # Completion: a package's exported names, a variable declared in the
    # session, and a name after a multi-byte identifier (cursor in code points).
    completion_samples = [
        {"text": "fmt.Sprin", "matches": {"Sprint", "Sprintf", "Sprintln"}},
        {"text": "θ := 1.0; fmt.Printl", "matches": {"Println"}},
        {"text": "math.Sqr", "matches": {"Sqrt", "Sqrt2", "SqrtE", "SqrtPhi", "SqrtPi"}},
    ]

    complete_code_samples = [
        "x := 1",
        "func f() int { return 1 }",
        'import "fmt"',
        "for i := 0; i < 3; i++ {\n\tfmt.Println(i)\n}",
        "s := `raw\nstring`",
    ]
    incomplete_code_samples = [
        "func f() {",
        "for i := 0; i < 3; i++ {\n\tfmt.Println(i)",
        "x := []int{1,\n2,",
        "s := `unterminated raw",
        "y := f(1,",
    ]
    invalid_code_samples = [
        "x := := 1",
        "func f() }",
        "1 +* 2 )",
    ]

    code_generate_error = 'panic("boom")'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"a" + "b"', "result": "ab"},
        {"code": "21 * 2", "result": "42"},
    ]
    code_history_pattern = "21*"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": 'Display(display.HTML("<b>bold</b>"))', "mime": "text/html"},
        {"code": 'Display(display.Markdown("*it*"))', "mime": "text/markdown"},
    ]

    code_inspect_sample = "math.Sqrt"
    code_page_something = "%doc math.Sqrt"
    code_clear_output = "ClearOutput(false)"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The samples above use fmt and math; import them once, as a cell would.
        cls.kc.execute_interactive('import ("fmt"; "math")', timeout=60)


if __name__ == "__main__":
    unittest.main()
