"""Request body parsers for the API (kept apart from the views: DRF imports them while it starts)."""

import io

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class DepthLimitedJSONParser(JSONParser):
    """JSON bodies nested deeper than any request of this API needs are refused with a 400.

    Python's json module recurses once per level: a body nested thousands deep raised RecursionError (a 500).
    Counting brackets first costs one pass over the text and never recurses.
    """

    MAX_DEPTH = 32

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        depth = deepest = 0
        in_string = escaped = False
        for byte in raw:
            if in_string:
                if escaped:
                    escaped = False
                elif byte == 0x5C:  # backslash
                    escaped = True
                elif byte == 0x22:  # quote
                    in_string = False
            elif byte == 0x22:
                in_string = True
            elif byte in (0x5B, 0x7B):  # [ {
                depth += 1
                deepest = max(deepest, depth)
                if deepest > self.MAX_DEPTH:
                    raise ParseError(f"JSON is nested more than {self.MAX_DEPTH} levels deep.")
            elif byte in (0x5D, 0x7D):  # ] }
                depth -= 1
        return super().parse(io.BytesIO(raw), media_type, parser_context)
