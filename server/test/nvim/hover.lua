-- Headless Neovim (0.7+) as an LSP client of the bundled server: open a
-- fixture, hover a name, check the card. Parameters come from the
-- environment; the script exits with :qa! on success and :cq on failure,
-- printing the reason to stderr.
local env = vim.env
local function fail(msg)
  io.stderr:write('nvim hover test: ' .. msg .. '\n')
  vim.cmd('cq')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(env.HN_FILE))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'hindi-news',
    cmd = { env.HN_NODE or 'node', env.HN_SERVER, '--stdio' },
    root_dir = env.HN_ROOT,
  })
  if not id then return fail('start_client returned nil') end
  vim.lsp.buf_attach_client(buf, id)
  local ready = vim.wait(10000, function()
    local c = vim.lsp.get_client_by_id(id)
    return c ~= nil and c.initialized
  end, 50)
  if not ready then return fail('server did not initialise within 10 s') end

  -- Poll: the first hover may race the didOpen.
  local value
  vim.wait(10000, function()
    local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = tonumber(env.HN_LINE), character = tonumber(env.HN_CHAR) },
    }, 5000)
    for _, r in pairs(responses or {}) do
      if r.error then value = 'ERROR ' .. vim.inspect(r.error) end
      if r.result and r.result.contents then value = r.result.contents.value or vim.inspect(r.result.contents) end
    end
    return value ~= nil and value:find(env.HN_EXPECT, 1, true) ~= nil
  end, 100)
  if value == nil then return fail('no hover card at ' .. env.HN_LINE .. ':' .. env.HN_CHAR) end
  if not value:find(env.HN_EXPECT, 1, true) then
    return fail('hover card lacks "' .. env.HN_EXPECT .. '":\n' .. value)
  end
  io.stdout:write(value .. '\n')
  vim.lsp.stop_client(id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
end)
if not ok then fail(tostring(err)) end
vim.cmd('qa!')
