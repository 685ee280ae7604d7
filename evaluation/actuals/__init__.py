"""After the decision: actual usage set against the estimate frozen with it.

`models.py` maps billed model names to EcoLogits models, `footprint.py` gives an option's actual
footprint and cost over a date range (the API the SNR bilan uses, docs/actuals.md), `comparison.py`
sets them against the frozen estimate. Pure: no storage, no Streamlit.
"""
