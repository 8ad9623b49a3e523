-- A real editor as the language server's client: Neovim 0.7.2 headless (Debian 12's package), with
-- its built-in LSP client (vim.lsp.start_client; vim.lsp.start arrived in 0.8).
--
-- For each file it opens, it waits until the warning and error codes Neovim shows are exactly the
-- ones VMEM_EXPECTED names for it (engine findings arrive ~300 ms after the parse diagnostics), then
-- asks for a hover at the first finding. One line per file on standard output:
--   OK   <file> <codes>
--   FAIL <file> expected <codes> got <codes>
-- Exit status: 0 all files as expected, 1 some differ or time out, 2 the server did not start,
-- 3 it exited early.
--
--   VMEM_CMD='java -jar language-server/target/vmem.jar' VMEM_FILES='examples/spec/a.vmem …' \
--     VMEM_EXPECTED='code-a,code-b …' \
--     nvim --headless --clean -u NONE -c 'luafile language-server/src/test/clients/nvim/check.lua'
local out = function(s) io.stdout:write(s .. '\n') end
local cmd = vim.split(assert(vim.env.VMEM_CMD, 'VMEM_CMD is not set'), ' ', { trimempty = true })
local files = vim.split(assert(vim.env.VMEM_FILES, 'VMEM_FILES is not set'), ' ', { trimempty = true })
local timeout = tonumber(vim.env.VMEM_TIMEOUT_MS or '30000')
local exited = false

vim.cmd('autocmd BufRead,BufNewFile *.vmem setfiletype vmem')
local root = vim.fn.fnamemodify(files[1], ':p:h')
local client_id = vim.lsp.start_client({
  name = 'vmem',
  cmd = cmd,
  root_dir = root,
  init_options = { severity = {}, kernel = {} },
  on_exit = function(code, signal)
    exited = true
    io.stderr:write(('server exited code=%s signal=%s\n'):format(code, signal))
  end,
})
if not client_id then
  out('FAIL could not start the server')
  vim.cmd('cquit 2')
end

-- The codes each file must show, in the order of VMEM_FILES: the test computes them (the file's
-- "// expect:" header as corrected by examples/expect-corrections.txt), comma-separated, "none" for none.
local expected = vim.split(assert(vim.env.VMEM_EXPECTED, 'VMEM_EXPECTED is not set'), ' ', { trimempty = true })
assert(#expected == #files, 'VMEM_EXPECTED must name the codes of each file of VMEM_FILES')

local function shown_codes(bufnr)
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.severity == vim.diagnostic.severity.ERROR or d.severity == vim.diagnostic.severity.WARN then
      codes[tostring(d.code)] = true
    end
  end
  local sorted = vim.tbl_keys(codes)
  table.sort(sorted)
  return table.concat(sorted, ',')
end

local failures = 0
for i, file in ipairs(files) do
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  local want = expected[i] == 'none' and '' or expected[i]
  -- A file that expects no warnings still gets its engine run (info findings at least): wait for it.
  local started = vim.loop.now()
  local ok = vim.wait(timeout, function()
    local settled = want ~= '' or #vim.diagnostic.get(bufnr) > 0 or vim.loop.now() - started > 3000
    return exited or (settled and shown_codes(bufnr) == want)
  end, 50)
  if exited then
    out('FAIL the server exited early')
    vim.cmd('cquit 3')
  end
  local got = shown_codes(bufnr)
  if ok and got == want then
    -- a hover on the first diagnostic: the server answers with the finding's trace
    local first = vim.diagnostic.get(bufnr)[1]
    local hover = ''
    if first then
      local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) },
                       position = { line = first.lnum, character = first.col } }
      for _, r in pairs(vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 10000) or {}) do
        if r.result and r.result.contents then hover = r.result.contents.value or '' end
      end
    end
    if first and not hover:find(tostring(first.code), 1, true) then
      out('FAIL ' .. file .. ' hover at ' .. (first.lnum + 1) .. ':' .. (first.col + 1) .. ' does not name ' .. tostring(first.code))
      failures = failures + 1
    else
      out('OK ' .. file .. ' ' .. (want == '' and 'none' or want))
    end
  else
    out('FAIL ' .. file .. ' expected ' .. want .. ' got ' .. got)
    failures = failures + 1
  end
end

vim.lsp.stop_client(client_id)
vim.wait(5000, function() return exited or vim.lsp.get_client_by_id(client_id) == nil end, 50)
if failures > 0 then vim.cmd('cquit 1') end
vim.cmd('qall!')
