"""The one exception API code raises for a response the spec defines as an error."""


class Open311Error(Exception):
    """An error response: HTTP `status` with the spec's list of {code, description}."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = [str(d) for d in descriptions]
