"""Actual usage imported and set against the frozen estimate, on SQLite and PostgreSQL: parity with
EcoLogits called directly, CodeCarbon sums, re-import counted once, refused files leave nothing,
permissions, the command line."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import orjson
import pytest
from ecologits.electricity_mix_repository import electricity_mixes
from ecologits.tracers.utils import llm_impacts

from evaluation.cli import main
from evaluation.domain.actuals import ServiceStatus
from evaluation.domain.settings import Settings
from evaluation.exchange.errors import InvalidFileError
from evaluation.footprint.embodied import embodied_impacts
from evaluation.services.actuals import Tracking
from evaluation.services.permissions import InvalidTransition, PermissionDenied
from evaluation.storage import Repository
from tests.support.actuals import (
    API_OPTION,
    SELF_HOSTED_OPTION,
    VISION_OPTION,
    approve,
    codecarbon_run_totals,
    openai_proposal,
)
from tests.support.proposals import full_proposal
from tests.support.workflow import ADMIN, DSI, PORTEUR

FILES = Path(__file__).parents[2] / "fixtures" / "actuals"
JANUARY = (dt.date(2026, 1, 1), dt.date(2026, 2, 1))


def bounds(value: object) -> tuple[float, float]:
    if hasattr(value, "min"):
        return float(value.min), float(value.max)  # type: ignore[attr-defined]
    return float(value), float(value)  # type: ignore[arg-type]


@pytest.fixture
def tracking(repository: Repository) -> Tracking:
    return Tracking(repository)


@pytest.fixture
def api_in_service(repository: Repository, tracking: Tracking, settings: Settings) -> str:
    proposal = openai_proposal()
    approve(repository, proposal, API_OPTION, settings)
    tracking.change_service_status(proposal.id, API_OPTION, user=DSI, status=ServiceStatus.EN_SERVICE,
                                   on=dt.date(2026, 1, 5))
    return proposal.id


def import_fixture(tracking: Tracking, proposal_id: str, option: str, name: str) -> object:
    return tracking.import_file(proposal_id, option, user=DSI, name=name, content=(FILES / name).read_bytes())


def test_the_actual_footprint_equals_ecologits_called_on_the_imported_volumes(
        tracking: Tracking, api_in_service: str) -> None:
    report = import_fixture(tracking, api_in_service, API_OPTION, "openai_usage_pages.json")
    pages = json.loads((FILES / "openai_usage_pages.json").read_text())
    results = [r for page in pages for bucket in page["data"] for r in bucket["results"]]
    expected = {name: [0.0, 0.0] for name in ("energy", "gwp", "wcf", "adpe", "pe")}
    known = [r for r in results if r["model"] == "gpt-4o-mini-2024-07-18"]
    for result in known:
        impacts = llm_impacts("openai", "gpt-4o-mini-2024-07-18", result["output_tokens"] / result["num_model_requests"],
                              math.inf, "FRA")
        for name in expected:
            usage = bounds(getattr(impacts.usage, name).value)
            embodied = bounds(getattr(impacts.embodied, name).value) if name in ("gwp", "adpe", "pe") else (0, 0)
            for bound in (0, 1):
                expected[name][bound] += (usage[bound] + embodied[bound]) * result["num_model_requests"]

    footprint = tracking.actual_footprint(api_in_service, API_OPTION, start=JANUARY[0], end=JANUARY[1])

    assert report.models == {"ft:gpt-4o-mini-2024-07-18:mairie-de-lyonnais::B7xK2q": None,  # type: ignore[attr-defined]
                             "gpt-4o-mini-2024-07-18": "gpt-4o-mini-2024-07-18"}
    for name, field in (("energy", "energy_kwh"), ("gwp", "gwp_kgco2eq"), ("wcf", "wcf_l"),
                        ("adpe", "adpe_kgsbeq"), ("pe", "pe_mj")):
        value = footprint.criterion(field)
        assert value is not None
        assert (value.min, value.max) == pytest.approx(tuple(expected[name]), rel=1e-9), field
    assert footprint.requests == sum(r["num_model_requests"] for r in results)
    assert footprint.unmapped_models == ["ft:gpt-4o-mini-2024-07-18:mairie-de-lyonnais::B7xK2q"]
    assert footprint.requests_left_out == 12
    assert footprint.zone == "FRA" and footprint.methods == ["ecologits"]
    assert "unmapped-model" in footprint.left_out and "cost-missing" in footprint.left_out


def test_codecarbon_energy_is_counted_with_the_zone_factor_and_the_embodied_share(
        repository: Repository, tracking: Tracking, settings: Settings) -> None:
    proposal = full_proposal("enveloppes")
    approve(repository, proposal, VISION_OPTION, settings)
    tracking.change_service_status(proposal.id, VISION_OPTION, user=ADMIN, status=ServiceStatus.EN_SERVICE,
                                   on=dt.date(2026, 3, 1))
    import_fixture(tracking, proposal.id, VISION_OPTION, "codecarbon_emissions_current.csv")
    runs = codecarbon_run_totals(FILES / "codecarbon_emissions_current.csv").values()
    stored = repository.actual_periods(proposal.id, VISION_OPTION)
    assert sum(p.energy_kwh or 0 for p in stored) == pytest.approx(sum(r["energy_consumed"] for r in runs))
    assert sum(p.emissions_kgco2eq or 0 for p in stored) == pytest.approx(sum(r["emissions"] for r in runs))

    footprint = tracking.actual_footprint(proposal.id, VISION_OPTION, start=dt.date(2026, 3, 1),
                                          end=dt.date(2026, 4, 1))

    energy = sum(r["energy_consumed"] for r in runs) * 1.3                   # the compute's PUE
    hours = sum(r["duration"] for r in runs) / 3600
    mix = electricity_mixes.find_electricity_mix(zone="FRA")
    assert mix is not None
    embodied = {name: float(values[0]) for name, values in embodied_impacts(
        np.array([hours]), np.array([1.0]), np.array([8.0]), np.array(["NVIDIA T4"], dtype=object)).impacts.items()}
    assert footprint.energy_kwh is not None and footprint.gwp_kgco2eq is not None
    assert footprint.energy_kwh.min == footprint.energy_kwh.max == pytest.approx(energy, rel=1e-12)
    assert footprint.gwp_kgco2eq.max == pytest.approx(energy * mix.gwp + embodied["gwp_kgco2eq"], rel=1e-12)
    assert footprint.methods == ["measured-energy"]


def test_importing_a_file_twice_counts_it_once(repository: Repository, tracking: Tracking,
                                               api_in_service: str) -> None:
    first = import_fixture(tracking, api_in_service, API_OPTION, "openai_usage_pages.json")
    before = tracking.actual_footprint(api_in_service, API_OPTION, start=JANUARY[0], end=JANUARY[1])
    again = import_fixture(tracking, api_in_service, API_OPTION, "openai_usage_pages.json")
    after = tracking.actual_footprint(api_in_service, API_OPTION, start=JANUARY[0], end=JANUARY[1])

    assert (first.stored.added, again.stored.added, again.stored.unchanged) == (6, 0, 6)  # type: ignore[attr-defined]
    assert after == before
    assert len(repository.actual_periods(api_in_service)) == 6
    imports = [e for e in repository.audit_events(proposal_id=api_in_service) if e.action == "actuals_import"]
    assert len(imports) == 2
    assert imports[0].after["method_versions"]["methods"] == "ecologits"
    assert first.stored.method_versions["ecologits"] == after.ecologits_version  # type: ignore[attr-defined]


def test_a_refused_file_leaves_nothing(repository: Repository, tracking: Tracking, api_in_service: str) -> None:
    events = len(repository.audit_events())
    pages = json.loads((FILES / "openai_usage_pages.json").read_text())
    pages[1]["data"][0]["results"][0]["output_tokens"] = "beaucoup"

    with pytest.raises(InvalidFileError, match="output_tokens"):
        tracking.import_file(api_in_service, API_OPTION, user=DSI, name="usage.json", content=json.dumps(pages).encode())

    assert repository.actual_periods(api_in_service) == []
    assert repository.actual_imports(api_in_service) == []
    assert len(repository.audit_events()) == events


def test_only_the_dsi_and_the_administrator_follow_an_approved_option_put_in_service(
        repository: Repository, tracking: Tracking, settings: Settings) -> None:
    proposal = openai_proposal("suivi-droits")
    approve(repository, proposal, API_OPTION, settings)
    content = (FILES / "generic_actuals.csv").read_bytes()

    with pytest.raises(PermissionDenied):
        tracking.change_service_status(proposal.id, API_OPTION, user=PORTEUR, status=ServiceStatus.EN_SERVICE,
                                       on=dt.date(2026, 1, 1))
    with pytest.raises(InvalidTransition, match="n'a pas été approuvée"):
        tracking.change_service_status(proposal.id, VISION_OPTION, user=DSI, status=ServiceStatus.EN_SERVICE,
                                       on=dt.date(2026, 1, 1))
    with pytest.raises(InvalidTransition, match="en service"):
        tracking.import_file(proposal.id, API_OPTION, user=DSI, name="a.csv", content=content)
    assert repository.service_changes(proposal.id) == []


def test_the_ex_post_npv_is_the_frozen_one_until_costs_are_imported(
        tracking: Tracking, api_in_service: str) -> None:
    frozen = tracking.frozen_option(api_in_service, API_OPTION)
    import_fixture(tracking, api_in_service, API_OPTION, "openai_usage_pages.json")

    comparison = tracking.comparison(api_in_service, API_OPTION)

    assert comparison.npv.estimated == frozen.record["finance"]["npv"]
    assert comparison.npv.ex_post == pytest.approx(frozen.record["finance"]["npv"], rel=1e-9)
    assert comparison.npv.years_with_actual_costs == 0
    assert comparison.total is not None and comparison.total.days == 5     # 5 days with usage in service
    assert [month.start for month in comparison.months] == [dt.date(2026, 1, 5)]


def test_the_command_line_imports_and_reports(database_url: str, repository: Repository, tracking: Tracking,
                                              api_in_service: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["actuals", "import", str(FILES / "openai_usage_pages.json"), "--proposal", api_in_service,
                 "--option", API_OPTION, "--source", "openai", "--base", database_url])
    printed = capsys.readouterr().out
    assert code == 0
    assert "gpt-4o-mini-2024-07-18 -> gpt-4o-mini" in printed and "6 période(s) ajoutée(s)" in printed

    assert main(["actuals", "report", api_in_service, "--base", database_url]) == 0
    (record,) = orjson.loads(capsys.readouterr().out)

    assert {"option", "periods", "estimated", "actual", "variance"} <= set(record)
    assert record["option"] == API_OPTION and record["status"] == "en_service"
    assert set(record["actual"]["energy_kwh"]) == {"min", "max"}
    assert set(record["actual"]) >= {"requests", "output_tokens", "cost_eur", "energy_kwh", "gwp_kgco2eq", "wcf_l"}
    assert record["actual"]["cost_eur"] is None

    bad = FILES / "openai_usage_cut_short.json"
    assert main(["actuals", "import", str(bad), "--proposal", api_in_service, "--option", API_OPTION,
                 "--base", database_url]) == 2
    assert "has_more" in capsys.readouterr().err
    assert main(["actuals", "report", api_in_service, "--format", "csv", "--base", database_url]) == 0
    assert capsys.readouterr().out.startswith("option,start,end,days,requests_estimated_min")


def test_a_self_hosted_option_is_counted_with_ecologits_on_its_own_servers(
        repository: Repository, tracking: Tracking, settings: Settings) -> None:
    from ecologits.impacts.llm import compute_llm_impacts

    proposal = full_proposal("auto-heberge")
    approve(repository, proposal, SELF_HOSTED_OPTION, settings)
    tracking.change_service_status(proposal.id, SELF_HOSTED_OPTION, user=DSI, status=ServiceStatus.EN_SERVICE,
                                   on=dt.date(2026, 1, 1))
    rows = [("2026-01-01", "2026-01-31", 4000, 1_600_000), ("2026-02-01", "2026-02-28", 5000, 2_100_000)]
    content = "period_start,period_end,model,requests,input_tokens,output_tokens,energy_kwh,cost_eur\n" + "".join(
        f"{start},{end},mistral-7b,{requests},,{tokens},,\n" for start, end, requests, tokens in rows)
    tracking.import_file(proposal.id, SELF_HOSTED_OPTION, user=DSI, name="serveur.csv", content=content.encode())

    footprint = tracking.actual_footprint(proposal.id, SELF_HOSTED_OPTION, start=dt.date(2026, 1, 1),
                                          end=dt.date(2026, 3, 1))

    mix = electricity_mixes.find_electricity_mix(zone="FRA")
    assert mix is not None
    energy, gwp = [0.0, 0.0], [0.0, 0.0]
    for _start, _end, requests, tokens in rows:
        impacts = compute_llm_impacts(
            model_active_parameter_count=7.3, model_total_parameter_count=7.3, output_token_count=tokens / requests,
            if_electricity_mix_adpe=mix.adpe, if_electricity_mix_pe=mix.pe, if_electricity_mix_gwp=mix.gwp,
            if_electricity_mix_wue=mix.wue, datacenter_pue=1.4, datacenter_wue=0.5, request_latency=math.inf)
        for bound in (0, 1):
            energy[bound] += bounds(impacts.usage.energy.value)[bound] * requests
            gwp[bound] += (bounds(impacts.usage.gwp.value)[bound] + bounds(impacts.embodied.gwp.value)[bound]) * requests
    assert footprint.energy_kwh is not None and footprint.gwp_kgco2eq is not None
    assert (footprint.energy_kwh.min, footprint.energy_kwh.max) == pytest.approx(tuple(energy), rel=1e-9)
    assert (footprint.gwp_kgco2eq.min, footprint.gwp_kgco2eq.max) == pytest.approx(tuple(gwp), rel=1e-9)
    assert footprint.methods == ["ecologits-self-hosted"]


def test_imported_costs_replace_the_estimated_running_cost_in_the_ex_post_npv(
        tracking: Tracking, api_in_service: str) -> None:
    frozen = tracking.frozen_option(api_in_service, API_OPTION)
    content = ("period_start,period_end,model,requests,input_tokens,output_tokens,energy_kwh,cost_eur\n"
               "2026-01-05,2026-02-04,gpt-4o-mini-2024-07-18,3000,,1200000,,120.00\n")
    tracking.import_file(api_in_service, API_OPTION, user=DSI, name="facture.csv", content=content.encode())

    npv = tracking.comparison(api_in_service, API_OPTION).npv

    running = frozen.option.costs.annual.api + frozen.option.costs.annual.hosting + frozen.option.costs.annual.licences
    year_days = (dt.date(2027, 1, 5) - dt.date(2026, 1, 5)).days
    change = -(120.0 - running * 31 / year_days) / (1 + frozen.settings.discount_rate)
    assert npv.years_with_actual_costs == 1
    assert npv.ex_post == pytest.approx(frozen.record["finance"]["npv"] + change, rel=1e-9)


def test_the_command_line_names_what_is_missing(database_url: str, repository: Repository,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actuals", "report", "inconnu", "--base", database_url]) == 1
    assert "Dossier « inconnu » introuvable" in capsys.readouterr().err
    assert main(["actuals", "import", "/nulle/part.csv", "--proposal", "inconnu", "--option", "x",
                 "--base", database_url]) == 2
    assert "fichier introuvable" in capsys.readouterr().err


def test_the_threshold_in_force_is_the_current_settings_one(repository: Repository, tracking: Tracking,
                                                            settings: Settings, api_in_service: str) -> None:
    import_fixture(tracking, api_in_service, API_OPTION, "openai_usage_pages.json")
    flagged = tracking.comparison(api_in_service, API_OPTION)
    assert flagged.threshold == 0.2 and "requests" in flagged.over     # 186 % of the estimated requests

    repository.save_settings(settings.model_copy(update={"overrun_threshold": 1.0}), actor="admin",
                             expected_version=None)

    relaxed = tracking.comparison(api_in_service, API_OPTION)
    assert relaxed.threshold == 1.0 and relaxed.over == []
    assert tracking.flags()[(api_in_service, API_OPTION)].over == []
