"""start.integration Kanton Solothurn: builds the multilingual welcome site for every municipality.

Data flows one way: municipalities.yml, locales/, content/ -> loader (validated model) ->
renderers (pages) -> staging -> MkDocs per language -> assembled site/.
"""
