"""The column tables of the data card (``datasets/README.md``), rendered from the schemas.

>>> print(markdown_table("branches").splitlines()[2])
| `branch_id` | identifier (`str`) | - | like HB07, unique | no | Branch identifier. |
"""

from __future__ import annotations

from cxlab.datasets.columns import Column, plain_number
from cxlab.datasets.schemas import SCHEMAS

_KIND_LABELS = {
    "id": "identifier",
    "text": "text",
    "category": "category",
    "date": "date",
    "datetime": "date-time",
    "int": "integer",
    "float": "decimal",
    "bool": "true/false",
}


def _allowed(spec: Column) -> str:
    if spec.kind == "int":
        return f"{plain_number(spec.minimum)} to {plain_number(spec.maximum)}"
    if spec.kind == "float":
        return f"{plain_number(spec.minimum)} to {plain_number(spec.maximum)}, {spec.decimals} decimals"
    if spec.kind == "category":
        joiner = " < " if spec.ordered else ", "
        return joiner.join(f"'{c}'" for c in spec.categories)
    if spec.kind == "date":
        return "YYYY-MM-DD"
    if spec.kind == "datetime":
        return "YYYY-MM-DD HH:MM:SS"
    if spec.kind == "bool":
        return "True, False"
    if spec.kind == "id":
        return f"like {spec.example}" + (", unique" if spec.unique else "")
    return "free text" + (", unique" if spec.unique else "")


def markdown_table(name: str) -> str:
    """The column table of ``name`` for the data card, rendered from :data:`SCHEMAS`.

    The data card pastes this table under each dataset; a test checks it is current.
    """
    schema = SCHEMAS[name]
    lines = [
        "| column | type (pandas dtype) | unit | allowed values | may be empty | description |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for column, spec in schema.items():
        kind = _KIND_LABELS[spec.kind]
        if spec.kind == "category" and spec.ordered:
            kind = "ordered category"
        lines.append(
            f"| `{column}` | {kind} (`{spec.pandas_dtype()}`) | {spec.unit or '-'} | {_allowed(spec)} | "
            f"{'yes' if spec.nullable else 'no'} | {spec.description} |"
        )
    return "\n".join(lines)
