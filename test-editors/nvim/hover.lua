-- Headless Neovim as an LSP client of the bundled server, configured by the
-- README's snippet (docs/editors/hindi-news.lua, sourced before this file):
-- open a fixture, wait for the snippet's client, hover a name, check the card;
-- on 0.9+ also check that the name carries a semantic-token highlight.
-- Exits with :qa! on success and :cq on failure, the reason on stderr.
local env = vim.env
local function fail(msg)
  io.stderr:write('nvim test: ' .. msg .. '\n')
  vim.cmd('cq')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(env.HN_FILE))
  local buf = vim.api.nvim_get_current_buf()
  if vim.bo[buf].filetype ~= 'text' then vim.bo[buf].filetype = 'text' end
  local client
  local ready = vim.wait(15000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
      if c.name == 'hindi-news' and c.initialized then client = c end
    end
    return client ~= nil
  end, 50)
  if not ready then return fail('the snippet did not attach a hindi-news client within 15 s') end

  local line, character = tonumber(env.HN_LINE), tonumber(env.HN_CHAR)
  local value
  vim.wait(15000, function()
    local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = line, character = character },
    }, 5000)
    for _, r in pairs(responses or {}) do
      if r.error then value = 'ERROR ' .. vim.inspect(r.error) end
      if r.result and r.result.contents then value = r.result.contents.value or vim.inspect(r.result.contents) end
    end
    return value ~= nil and value:find(env.HN_EXPECT, 1, true) ~= nil
  end, 100)
  if value == nil then return fail('no hover card at ' .. line .. ':' .. character) end
  if not value:find(env.HN_EXPECT, 1, true) then
    return fail('hover card lacks "' .. env.HN_EXPECT .. '":\n' .. value)
  end
  io.stdout:write(value .. '\n')

  if vim.fn.has('nvim-0.9') == 1 then
    local col = vim.str_byteindex(vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1], character, true)
    local found
    vim.wait(15000, function()
      for _, item in ipairs(vim.inspect_pos(buf, line, col).semantic_tokens or {}) do
        local group = item.opts and item.opts.hl_group or ''
        if group:find('@lsp.type.person', 1, true) then found = group end
      end
      return found ~= nil
    end, 100)
    if not found then return fail('no @lsp.type.person semantic token at ' .. line .. ':' .. character) end
    io.stdout:write('semantic token: ' .. found .. '\n')
  end
  vim.lsp.stop_client(client.id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client.id) == nil end, 50)
end)
if not ok then fail(tostring(err)) end
vim.cmd('qa!')
