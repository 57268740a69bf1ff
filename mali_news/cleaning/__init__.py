"""Pure cleaning rules applied by the item pipelines."""
