//! The wrk scripts of the proxy benchmark's request phases.

/// `GET /healthz`: the framework's floor (routing, the middleware every answer goes
/// through, a fixed body).
pub const FLOOR: &str = r#"
request = function() return wrk.format("GET", "/healthz") end
"#;

/// `POST /v1/checkout-sessions`, each with a `merchantOrderId` of its own. Arguments: a
/// tag of the run, the merchant secret.
pub const CREATE: &str = r#"
function init(args)
  n = 0
  tag = args[1]
  headers = { ["Authorization"] = "Bearer " .. args[2], ["Content-Type"] = "application/json" }
end
function request()
  n = n + 1
  local body = '{"merchantOrderId":"bench-' .. tag .. '-' .. id .. '-' .. n ..
    '","country":"BR","currency":"BRL","amount":"150.00","metadata":{}}'
  return wrk.format("POST", "/v1/checkout-sessions", headers, body)
end
function response(status)
  if status ~= 201 then bad = (bad or 0) + 1 end
end
"#;

/// `GET /api/pay/{token}` over the sessions of a file (`<token> <id>` lines), in an
/// order that visits them all. Argument: the file.
pub const READ: &str = r#"
function init(args)
  tokens = {}
  for line in io.lines(args[1]) do table.insert(tokens, line:match("^(%S+)")) end
  i = id * 7919
end
function request()
  i = (i + 104729) % #tokens
  return wrk.format("GET", "/api/pay/" .. tokens[i + 1])
end
function response(status)
  if status ~= 200 then bad = (bad or 0) + 1 end
end
"#;

/// `POST /api/pay/{token}/transactions` by PIX, each on a session no one has paid yet.
/// Arguments: the sessions file, this wrk's index and how many run at once (so each
/// takes its own sessions). A thread that runs out of sessions counts what it sends then
/// as bad (a replay answers 200, not 201).
pub const PIX: &str = r#"
function init(args)
  local all = {}
  for line in io.lines(args[1]) do table.insert(all, line:match("^(%S+)")) end
  local slot = tonumber(args[2]) * 2 + id
  local slots = tonumber(args[3]) * 2
  tokens = {}
  for k = slot + 1, #all, slots do table.insert(tokens, all[k]) end
  n = 0
  body = '{"method":"PIX","payer":{"name":"Maria da Silva","document":"529.982.247-25",' ..
    '"email":"maria@example.com"}}'
end
function request()
  n = n + 1
  local token = tokens[math.min(n, #tokens)]
  local headers = { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "bench-pix-" .. token }
  return wrk.format("POST", "/api/pay/" .. token .. "/transactions", headers, body)
end
function response(status)
  if status ~= 201 then bad = (bad or 0) + 1 end
end
"#;
