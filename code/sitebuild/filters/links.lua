-- As Quarto does: links to other .qmd pages point at their .html output.
function Link(link)
  if not link.target:match("^%a[%w+.-]*:") then
    link.target = link.target:gsub("%.qmd$", ".html"):gsub("%.qmd#", ".html#")
  end
  return link
end
