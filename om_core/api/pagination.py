"""Pages of a list, as API.md says: `?page=&per_page=` in, an envelope with `items` out."""

import marshmallow as ma

from om_core.limits import PAGE_MAX, PER_PAGE_DEFAULT, PER_PAGE_MAX


class PageQuerySchema(ma.Schema):
    """`page` and `per_page` (at least 1; a per_page over the cap is served as the cap)."""

    page = ma.fields.Integer(
        load_default=1,
        validate=ma.validate.Range(min=1, max=PAGE_MAX),
        metadata={"description": f"Which page, from 1 to {PAGE_MAX:,}; past the last, no items."},
    )
    per_page = ma.fields.Integer(
        load_default=PER_PAGE_DEFAULT,
        validate=ma.validate.Range(min=1),
        metadata={"description": f"Items a page; over {PER_PAGE_MAX} is served as {PER_PAGE_MAX}."},
    )

    @ma.post_load
    def cap_per_page(self, data, **kwargs):
        return {**data, "per_page": min(data["per_page"], PER_PAGE_MAX)}


def page_of(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The envelope schema for a page of `item_schema` (dumps a Flask-SQLAlchemy Pagination)."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    return ma.Schema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "page": ma.fields.Integer(required=True),
            "per_page": ma.fields.Integer(
                required=True, metadata={"description": "as served, after the cap"}
            ),
            "total": ma.fields.Integer(required=True, metadata={"description": "items in all"}),
            "pages": ma.fields.Integer(required=True),
        },
        name=name,
    )
