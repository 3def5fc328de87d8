"""Pages of a list, as API.md says: `?page=&per_page=` in, an envelope with `items` out."""

import marshmallow as ma

from om_core.limits import PAGE_MAX, PER_PAGE_DEFAULT, PER_PAGE_MAX


class PageQuerySchema(ma.Schema):
    """`page` and `per_page` (at least 1; a per_page over the cap is served as the cap)."""

    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=PAGE_MAX))
    per_page = ma.fields.Integer(load_default=PER_PAGE_DEFAULT, validate=ma.validate.Range(min=1))

    @ma.post_load
    def cap_per_page(self, data, **kwargs):
        return {**data, "per_page": min(data["per_page"], PER_PAGE_MAX)}


def page_of(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The envelope schema for a page of `item_schema` (dumps a Flask-SQLAlchemy Pagination)."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    return ma.Schema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item_schema)),
            "page": ma.fields.Integer(),
            "per_page": ma.fields.Integer(),
            "total": ma.fields.Integer(),
            "pages": ma.fields.Integer(),
        },
        name=name,
    )
