-- Markdown tables scroll sideways inside a focusable, labelled region, as the library's HTML tables do,
-- so a wide table never widens the page on a phone.
function Table(tbl)
  local caption = pandoc.utils.stringify(tbl.caption.long or {})
  local label = caption ~= "" and caption or "Table"
  return pandoc.Div({ tbl }, pandoc.Attr("", { "table-scroll" }, { { "tabindex", "0" }, { "role", "region" }, { "aria-label", label } }))
end
