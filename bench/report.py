"""The one table every part adds its figures to, printed and written to docs/benchmarks.md."""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Row:
    part: str
    what: str
    value: str
    target: str
    passed: bool | None
    load: float | None


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    machine: dict[str, str] = field(default_factory=dict)
    # Free text per part: what was measured how, plans, profiles of missed targets.
    notes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, part, what, value, *, target="", passed=None, load=None) -> None:
        self.rows.append(Row(part, what, value, target, passed, load))

    def note(self, part: str, text: str) -> None:
        self.notes.setdefault(part, []).append(text)

    def table(self) -> str:
        header = ["part", "figure", "value", "target", "result", "load"]
        lines = [header, ["---"] * len(header)]
        for row in self.rows:
            verdict = "" if row.passed is None else ("pass" if row.passed else "**FAIL**")
            load = "" if row.load is None else f"{row.load:.2f}"
            lines.append([row.part, row.what, row.value, row.target, verdict, load])
        return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)

    def summary(self) -> str:
        judged = [row for row in self.rows if row.passed is not None]
        failed = [row for row in judged if not row.passed]
        return f"{len(judged) - len(failed)} of {len(judged)} targets met" + (
            "; missed: " + "; ".join(f"{row.part}: {row.what}" for row in failed) if failed else ""
        )

    def markdown(self, intro: str) -> str:
        machine = "\n".join(f"| {key} | {value} |" for key, value in self.machine.items())
        parts = [
            intro.rstrip(),
            "## Machine\n\n| | |\n|---|---|\n" + machine,
            "## Results\n\n" + self.summary() + ".\n\n" + self.table() + "\n\n"
            "*load* is the 1-minute load average of the machine when the part started.",
        ]
        for part, texts in self.notes.items():
            parts.append(f"## {part}\n\n" + "\n\n".join(texts))
        return "\n\n".join(parts) + "\n"

    def write(self, path: Path, intro: str) -> None:
        path.write_text(self.markdown(intro))

    def save(self, path: Path) -> None:
        """The measured figures, so the document can be written again (``--render``) after the
        hand-written analysis changes, without measuring again."""
        path.write_text(
            json.dumps(
                {
                    "rows": [asdict(row) for row in self.rows],
                    "machine": self.machine,
                    "notes": self.notes,
                }
            )
        )

    @classmethod
    def load(cls, path: Path) -> "Report":
        data = json.loads(path.read_text())
        return cls([Row(**row) for row in data["rows"]], data["machine"], data["notes"])
