-- Quarto callouts (::: {.callout-note} and friends) as accessible HTML boxes.
local kinds = { note = "Note", tip = "Tip", warning = "Warning", important = "Important", caution = "Caution" }

function Div(div)
  for kind, default_title in pairs(kinds) do
    if div.classes:includes("callout-" .. kind) then
      local title = div.attributes["title"]
      local body = div.content
      if not title and #body > 0 and body[1].t == "Header" then
        title = pandoc.utils.stringify(body[1].content)
        body = pandoc.List({ table.unpack(body, 2) })
      end
      local head = pandoc.Div({ pandoc.Plain({ pandoc.Str(title or default_title) }) }, pandoc.Attr("", { "callout-title" }))
      local inner = pandoc.Div(body, pandoc.Attr("", { "callout-body" }))
      return pandoc.Div({ head, inner }, pandoc.Attr(div.identifier, { "callout", "callout-" .. kind }, { role = "note" }))
    end
  end
end
