package main

// One render exactly as Kanister's pkg/param renderStringArg does it, including its rewrite of missing-key errors.

import (
	"bytes"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"text/template"

	"./param"
)

const undefinedKeyErrorMsg = "map has no entry for key "

// maxOutput bounds a runaway template (a generated range over a huge list) so one request cannot exhaust memory.
const maxOutput = 8 << 20

var errOutputLimit = errors.New("oracle: output exceeds 8 MiB")

type limitedBuffer struct{ bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > maxOutput {
		return 0, errOutputLimit
	}
	return b.Buffer.Write(p)
}

type renderResult struct {
	Output string `json:"output"`
	// Base64 of the output bytes when they are not valid UTF-8 (JSON would replace the bad bytes).
	OutputBytes []byte `json:"outputBytes,omitempty"`
	Error       string `json:"error,omitempty"`
	// GoError is err.Error() before Kanister's missing-key rewrite.
	GoError string `json:"goError,omitempty"`
	Phase   string `json:"phase,omitempty"`
}

func (r renderResult) ok() bool { return r.Phase == "" }

func renderString(text string, tp param.TemplateParams, funcs template.FuncMap) (res renderResult) {
	defer func() {
		// text/template re-panics runtime errors outside function calls; Kanister's controller would crash.
		if p := recover(); p != nil {
			msg := fmt.Sprintf("panic: %v", p)
			res = renderResult{Error: msg, GoError: msg + "\n" + string(debug.Stack()), Phase: "panic"}
		}
	}()
	t, err := template.New("config").Option("missingkey=error").Funcs(funcs).Parse(text)
	if err != nil {
		return renderResult{Error: err.Error(), GoError: err.Error(), Phase: "parse"}
	}
	var buf limitedBuffer
	if err := t.Execute(&buf, tp); err != nil {
		if errors.Is(err, errOutputLimit) {
			return renderResult{Error: err.Error(), GoError: err.Error(), Phase: "limit"}
		}
		return renderResult{Error: kanisterExecError(err.Error()), GoError: err.Error(), Phase: "exec"}
	}
	return renderResult{Output: buf.String()}
}

// kanisterExecError is pkg/param newUndefinedKeyError: the key is what follows the last "map has no entry for key ",
// with quotes trimmed.
func kanisterExecError(msg string) string {
	pos := strings.LastIndex(msg, undefinedKeyErrorMsg)
	if pos < 0 {
		return msg
	}
	key := strings.Trim(msg[pos+len(undefinedKeyErrorMsg):], "\"")
	return fmt.Sprintf("Failed to render template: \"%s\" not found", key)
}
