-- Quarto-style cross-references for the offline renderer: numbers #fig-/#tbl- floats, resolves
-- @fig-/@tbl-/@sec- citations to links. Runs before citeproc so those ids never reach it.
local counts = { fig = 0, tbl = 0 }
local names = { fig = "Figure", tbl = "Table" }
local labels = {}
-- Quarto numbers a book's floats by chapter ("Figure 4.1", "Table A.2"); the renderer passes this page's
-- chapter number or appendix letter as `crossref-chapter` (empty on the unnumbered home page).
local chapter = ""

local function read_chapter(meta)
  if meta["crossref-chapter"] then chapter = pandoc.utils.stringify(meta["crossref-chapter"]) end
end

local function float_kind(div)
  if not div.classes:includes("quarto-float") then return nil end
  local kind = div.identifier:match("^(%a+)%-")
  if names[kind] then return kind end
  return nil
end

local function collect_div(div)
  local kind = float_kind(div)
  if kind then
    counts[kind] = counts[kind] + 1
    local number = chapter ~= "" and (chapter .. "." .. counts[kind]) or tostring(counts[kind])
    labels[div.identifier] = names[kind] .. " " .. number
  end
end

local function collect_header(h)
  if h.identifier:match("^sec%-") then
    labels[h.identifier] = pandoc.utils.stringify(h.content)
  end
end

local function render_float(div)
  local kind = float_kind(div)
  if not kind then return nil end
  local caption, content = {}, pandoc.List()
  for _, block in ipairs(div.content) do
    if block.t == "Div" and block.classes:includes("float-caption") then
      caption = pandoc.utils.blocks_to_inlines(block.content)
    else
      content:insert(block)
    end
  end
  local prefix = pandoc.List({ pandoc.Strong({ pandoc.Str(labels[div.identifier] .. ":") }), pandoc.Space() })
  local attr = pandoc.Attr(div.identifier, { "quarto-float", "quarto-float-" .. kind })
  local alt = div.attributes["fig-alt"]
  if alt and alt ~= "" then
    content:insert(pandoc.Div({ pandoc.Plain({ pandoc.Str(alt) }) }, pandoc.Attr(div.identifier .. "-alt", { "visually-hidden" })))
    attr.attributes["aria-describedby"] = div.identifier .. "-alt"
  end
  return pandoc.Figure(content, { pandoc.Plain(prefix .. caption) }, attr)
end

local function is_xref(id)
  return id:match("^fig%-") or id:match("^tbl%-") or id:match("^sec%-")
end

local function resolve_cite(cite)
  if not is_xref(cite.citations[1].id) then return nil end
  local out = pandoc.List()
  for i, citation in ipairs(cite.citations) do
    local id = citation.id
    if not is_xref(id) then
      error("cannot mix cross-references and citations in one bracket: @" .. id)
    end
    local text = labels[id]
    if not text then
      error("unresolved cross-reference @" .. id .. " (no element with id #" .. id .. " on this page)")
    end
    if i > 1 then out:extend({ pandoc.Str(","), pandoc.Space() }) end
    out:insert(pandoc.Link({ pandoc.Str(text) }, "#" .. id, "", pandoc.Attr("", { "quarto-xref" })))
  end
  return out
end

return {
  { Meta = read_chapter },
  { Div = collect_div, Header = collect_header },
  { Div = render_float, Cite = resolve_cite },
}
