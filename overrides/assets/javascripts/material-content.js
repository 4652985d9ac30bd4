// Material's own inline script (partials/javascripts/content.html of mkdocs-material 9.8.2), from a file of its own: the same
// on every page, it is fetched once instead of written into each (overrides/partials/javascripts/).
// The first part runs with the feature content.tabs.link only, as the template has it.
if(document.currentScript.hasAttribute("data-tabs-link")){var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}}
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
