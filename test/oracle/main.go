// Command oracle renders Kanister blueprint templates with Go's text/template and Kanister's sprig function map,
// the reference Holdfast's TypeScript engine is tested against (test/template/). It serves newline-delimited JSON on
// stdin/stdout and stays alive:
//
//	{"template": "...", "params": {...}}           → {"output": "..."} or {"error": "...", "goError": "...", "phase": "parse"|"exec"}
//	{"batch": [{"template", "params"}...], "repeat": n, "reuseFuncMap": false}
//	                                               → {"results": [...], "elapsedNs": n, "renders": n}
//
// "error" is the text Kanister surfaces (missing keys rewritten as `Failed to render template: "K" not found`).
// Other phases: "params" (the params JSON does not decode), "panic" (a runtime panic text/template does not
// recover; Kanister's controller would crash), "limit" (output over 8 MiB), "request" (malformed request line).
// elapsedNs covers funcMap construction (once per render, as Kanister calls ksprig.TxtFuncMap() per render, unless
// reuseFuncMap), parse and execute of every render, and excludes params decoding (Kanister builds TemplateParams
// once per action). Dates format in UTC whatever TZ says, as in Kanister's controller container.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"time"
	_ "time/tzdata" // dateInZone with named zones must not depend on the host's zoneinfo
	"unicode/utf8"

	"./param"
)

type renderRequest struct {
	Template string          `json:"template"`
	Params   json.RawMessage `json:"params"`
}

type request struct {
	renderRequest
	Batch        []renderRequest `json:"batch"`
	Repeat       int             `json:"repeat"`
	ReuseFuncMap bool            `json:"reuseFuncMap"`
}

type batchResponse struct {
	Results   []renderResult `json:"results"`
	ElapsedNs int64          `json:"elapsedNs"`
	Renders   int            `json:"renders"`
}

func main() {
	time.Local = time.UTC
	if err := checkSprigV2Functions(); err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		os.Exit(2)
	}
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			if encErr := enc.Encode(handle(line)); encErr != nil {
				fmt.Fprintln(os.Stderr, "oracle:", encErr)
				os.Exit(1)
			}
			if flushErr := out.Flush(); flushErr != nil {
				os.Exit(1)
			}
		}
		if err != nil {
			return
		}
	}
}

func handle(line []byte) interface{} {
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return renderResult{Error: err.Error(), Phase: "request"}
	}
	if req.Batch != nil {
		return handleBatch(req.Batch, req.Repeat, req.ReuseFuncMap)
	}
	return renderOne(req.renderRequest)
}

func renderOne(r renderRequest) renderResult {
	tp, err := decodeParams(r.Params)
	if err != nil {
		return renderResult{Error: err.Error(), Phase: "params"}
	}
	return withBytes(renderString(r.Template, tp, kanisterFuncMap()))
}

func handleBatch(batch []renderRequest, repeat int, reuseFuncMap bool) batchResponse {
	if repeat < 1 {
		repeat = 1
	}
	params := make([]param.TemplateParams, len(batch))
	results := make([]renderResult, len(batch))
	valid := make([]bool, len(batch))
	for i, r := range batch {
		tp, err := decodeParams(r.Params)
		if err != nil {
			results[i] = renderResult{Error: err.Error(), Phase: "params"}
			continue
		}
		params[i], valid[i] = tp, true
	}
	renders := 0
	start := time.Now()
	shared := kanisterFuncMap()
	for round := 0; round < repeat; round++ {
		for i, r := range batch {
			if valid[i] {
				funcs := shared
				if !reuseFuncMap {
					funcs = kanisterFuncMap()
				}
				results[i] = renderString(r.Template, params[i], funcs)
				renders++
			}
		}
	}
	elapsed := time.Since(start).Nanoseconds()
	for i := range results {
		results[i] = withBytes(results[i])
	}
	return batchResponse{Results: results, ElapsedNs: elapsed, Renders: renders}
}

func withBytes(r renderResult) renderResult {
	if r.ok() && !utf8.ValidString(r.Output) {
		r.OutputBytes = []byte(r.Output)
	}
	return r
}
