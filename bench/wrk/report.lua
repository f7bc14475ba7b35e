-- wrk script for bench/bench_serve.py: after wrk's own report, print one line
--   WRK_JSON {...}
-- with exact figures (latencies in microseconds) for the bench to parse.
-- It defines no request/response hooks, so wrk runs at full speed.
-- rotate.lua loads it with dofile and calls report_json itself. (The chunk must
-- not return a value: wrk 4.1 then fills summary.errors into the wrong table.)
--
--   wrk -t2 -c64 -d10s --latency -s bench/wrk/report.lua URL

function report_json(summary, latency, extra)
   local errors = summary.errors
   local fields = {
      string.format('"requests": %d', summary.requests),
      string.format('"duration_us": %d', summary.duration),
      string.format('"bytes": %d', summary.bytes),
      string.format('"p50_us": %d', latency:percentile(50)),
      string.format('"p90_us": %d', latency:percentile(90)),
      string.format('"p99_us": %d', latency:percentile(99)),
      string.format('"max_us": %d', latency.max),
      string.format('"connect_errors": %d', errors.connect),
      string.format('"read_errors": %d', errors.read),
      string.format('"write_errors": %d', errors.write),
      string.format('"timeouts": %d', errors.timeout),
      -- wrk's "Non-2xx or 3xx responses": statuses above 399
      string.format('"status_errors": %d', errors.status),
   }
   for name, value in pairs(extra or {}) do
      fields[#fields + 1] = string.format('"%s": %d', name, value)
   end
   io.write("WRK_JSON {" .. table.concat(fields, ", ") .. "}\n")
end

function done(summary, latency, requests)
   report_json(summary, latency)
end

