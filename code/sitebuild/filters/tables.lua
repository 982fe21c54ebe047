-- Markdown tables scroll sideways inside a focusable, labelled region, as the library's HTML tables do,
-- so a wide table never widens the page on a phone. Each region's name is unique on the page (its caption,
-- else its number and column headings), as screen readers list regions by name.
local count = 0

function Table(tbl)
  count = count + 1
  local caption = pandoc.utils.stringify(tbl.caption.long or {})
  local label = caption
  if label == "" then
    local heads = {}
    for _, row in ipairs(tbl.head.rows or {}) do
      for _, cell in ipairs(row.cells) do
        local text = pandoc.utils.stringify(cell.contents)
        if text ~= "" then table.insert(heads, text) end
      end
    end
    label = "Table " .. count .. (#heads > 0 and (": " .. table.concat(heads, ", ")) or "")
  end
  return pandoc.Div({ tbl }, pandoc.Attr("", { "table-scroll" }, { { "tabindex", "0" }, { "role", "region" }, { "aria-label", label } }))
end
