-- Quarto's ::: {.panel-tabset}: headers inside become tabs (ARIA tabs pattern; site.js switches them).
local count = 0

local function esc(s)
  return (s:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

function Div(div)
  if not div.classes:includes("panel-tabset") then return nil end
  count = count + 1
  local level
  for _, b in ipairs(div.content) do
    if b.t == "Header" then level = b.level; break end
  end
  if not level then return nil end
  local tabs, panels = {}, {}
  for _, b in ipairs(div.content) do
    if b.t == "Header" and b.level == level then
      table.insert(tabs, pandoc.utils.stringify(b.content))
      table.insert(panels, pandoc.List())
    elseif #panels > 0 then
      panels[#panels]:insert(b)
    end
  end
  local base = "tabset-" .. count
  local out = pandoc.List()
  local list = '<div class="tablist" role="tablist">'
  for i, title in ipairs(tabs) do
    local selected = i == 1 and "true" or "false"
    list = list .. string.format('<button type="button" role="tab" id="%s-%d-tab" aria-controls="%s-%d" aria-selected="%s" tabindex="%s">%s</button>',
      base, i, base, i, selected, i == 1 and "0" or "-1", esc(title))
  end
  out:insert(pandoc.RawBlock("html", list .. "</div>"))
  for i, blocks in ipairs(panels) do
    -- A list of pairs, not a keyed table: Lua's key order varies, and the HTML must be the same every build.
    local attrs = { { "role", "tabpanel" }, { "aria-labelledby", base .. "-" .. i .. "-tab" }, { "tabindex", "0" } }
    if i > 1 then table.insert(attrs, { "hidden", "" }) end
    out:insert(pandoc.Div(blocks, pandoc.Attr(base .. "-" .. i, { "tab-panel" }, attrs)))
  end
  return pandoc.Div(out, pandoc.Attr(div.identifier, { "panel-tabset" }))
end
