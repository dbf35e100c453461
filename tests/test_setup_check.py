"""The index notebook's environment check says plainly what is missing or mis-versioned."""

from importlib import metadata

from infotheory_lib import setup_check


def test_this_environment_passes(capsys):
    assert setup_check.check_environment() is True
    out = capsys.readouterr().out
    assert "ok numpy" in out and "You are ready" in out
    assert "(wanted >=2.4, <2.5)" in out


def test_a_missing_package_is_named(monkeypatch, capsys):
    real_version = metadata.version

    def version(name):
        if name == "ipympl":
            raise metadata.PackageNotFoundError(name)
        return real_version(name)

    monkeypatch.setattr(setup_check.metadata, "version", version)
    assert setup_check.check_environment() is False
    out = capsys.readouterr().out
    assert "!! ipympl" in out and "MISSING" in out and "Needs attention: ipympl" in out


def test_a_wrong_version_is_named(monkeypatch, capsys):
    real_version = metadata.version
    monkeypatch.setattr(setup_check.metadata, "version",
                        lambda name: "1.0.0" if name == "numpy" else real_version(name))
    assert setup_check.check_environment() is False
    assert "!! numpy          1.0.0" in capsys.readouterr().out
