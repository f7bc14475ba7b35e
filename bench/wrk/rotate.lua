-- wrk script for bench/bench_load.py: rotate requests over many page paths and
-- count every response by status class, then print the WRK_JSON line of
-- report.lua with the counts added.
--
--   wrk -t2 -c256 -d30s -s bench/wrk/rotate.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- PATHS_FILE holds one path per line (/conditions/sciatica/santa-monica/).
-- Each thread starts at its own offset in the list and walks it in a circle,
-- so all paths are requested about equally. Requests are formatted once, in
-- init(), with the headers given to wrk with -H.

local script_dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(script_dir .. "report.lua") -- defines report_json

local threads = {}
local counter = 0

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

local requests_list = {}
local position = 1
-- per-thread globals, read by done() (in wrk's main Lua state) through thread:get
s1xx, s2xx, s3xx, s4xx, s5xx = 0, 0, 0, 0, 0
paths = 0

function init(args)
   local file = assert(io.open(args[1], "r"), "cannot open the paths file " .. tostring(args[1]))
   for line in file:lines() do
      if line ~= "" then
         requests_list[#requests_list + 1] = wrk.format("GET", line)
      end
   end
   file:close()
   assert(#requests_list > 0, "no paths in " .. args[1])
   paths = #requests_list
   position = (id * 7919) % #requests_list + 1 -- a different start for each thread
end

function request()
   local req = requests_list[position]
   position = position % #requests_list + 1
   return req
end

function response(status, headers, body)
   if status < 200 then
      s1xx = s1xx + 1
   elseif status < 300 then
      s2xx = s2xx + 1
   elseif status < 400 then
      s3xx = s3xx + 1
   elseif status < 500 then
      s4xx = s4xx + 1
   else
      s5xx = s5xx + 1
   end
end

function done(summary, latency, requests)
   local totals = { status_1xx = 0, status_2xx = 0, status_3xx = 0, status_4xx = 0, status_5xx = 0 }
   for _, thread in ipairs(threads) do
      totals.status_1xx = totals.status_1xx + thread:get("s1xx")
      totals.status_2xx = totals.status_2xx + thread:get("s2xx")
      totals.status_3xx = totals.status_3xx + thread:get("s3xx")
      totals.status_4xx = totals.status_4xx + thread:get("s4xx")
      totals.status_5xx = totals.status_5xx + thread:get("s5xx")
   end
   totals.paths = threads[1]:get("paths")
   report_json(summary, latency, totals)
end
