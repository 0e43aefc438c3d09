-- Neovim's built-in LSP client with corolint-clangd, headless: open the
-- file, wait for diagnostics, write what the editor holds to the file
-- named by $OUT, quit. `nvim --headless --clean -l`-less for Neovim 0.7:
--   COROLINT_CLANGD=... OUT=... nvim --headless --clean -u NONE \
--     -c 'luafile neovim.lua' FILE.cpp
local out = assert(io.open(os.getenv('OUT'), 'w'))
local bufnr = vim.api.nvim_get_current_buf()
local file = vim.api.nvim_buf_get_name(bufnr)
local client = vim.lsp.start_client({
  name = 'corolint-clangd',
  cmd = { os.getenv('COROLINT_CLANGD') },
  root_dir = vim.fn.fnamemodify(file, ':h'),
})
vim.lsp.buf_attach_client(bufnr, client)
local ok = vim.wait(60000, function()
  return #vim.diagnostic.get(bufnr) > 0
end, 100)
out:write(ok and 'diagnostics arrived\n' or 'no diagnostics\n')
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  out:write(string.format('%d:%d [%s] %s\n', d.lnum + 1, d.col + 1,
                          tostring(code), d.message))
end
out:close()
vim.lsp.stop_client(client)
vim.cmd('qall!')
