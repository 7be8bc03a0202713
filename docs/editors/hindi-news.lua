-- Hindi News Annotator in Neovim (0.7+; semantic highlighting needs 0.9+).
-- Put this file in ~/.config/nvim/plugin/ (or paste it into init.lua) and set
-- HINDI_NEWS_SERVER to the bundled server, e.g. <clone>/server/out/server.js.
local server = vim.env.HINDI_NEWS_SERVER or vim.fn.expand('~/hindi-news-annotator/server/out/server.js')

local function start()
  local buf = vim.api.nvim_get_current_buf()
  local config = {
    name = 'hindi-news',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.getcwd(),
  }
  if vim.lsp.start then
    vim.lsp.start(config) -- 0.8+: reuses the running server
  else
    for _, c in pairs(vim.lsp.get_active_clients()) do
      if c.name == 'hindi-news' then return vim.lsp.buf_attach_client(buf, c.id) end
    end
    vim.lsp.buf_attach_client(buf, vim.lsp.start_client(config))
  end
end

vim.api.nvim_create_autocmd('FileType', { pattern = 'text', callback = start })
-- K shows the hover card (default in 0.10+).
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'text',
  callback = function(args) vim.keymap.set('n', 'K', vim.lsp.buf.hover, { buffer = args.buf }) end,
})
-- 0.9+: colour the server's semantic tokens (persons, parties, dates).
if vim.fn.has('nvim-0.9') == 1 then
  vim.api.nvim_set_hl(0, '@lsp.type.person', { link = 'Function' })
  vim.api.nvim_set_hl(0, '@lsp.type.party', { link = 'Type' })
  vim.api.nvim_set_hl(0, '@lsp.type.date', { link = 'Number' })
  vim.api.nvim_set_hl(0, '@lsp.mod.confirmed', { bold = true })
end
