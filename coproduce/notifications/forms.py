"""The programme's message settings: the order channels are tried in for someone the channel they chose
cannot reach."""

from django import forms

from .choices import Channel

PLACES = ("first", "second", "third", "fourth")
PLACE_LABELS = ("Try first", "Then", "Then", "Then")


class FallbackOrderForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, (name, label) in enumerate(zip(PLACES, PLACE_LABELS, strict=True)):
            blank = [] if number == 0 else [("", "Nothing more")]
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=blank + list(Channel.choices),
                required=number == 0,
                error_messages={"required": "Choose the channel to try first"},
            )

    @classmethod
    def for_order(cls, order, data=None):
        return cls(data, initial=dict(zip(PLACES, order, strict=False)))

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for name in PLACES:
            channel = cleaned.get(name)
            if channel and channel in seen:
                label = Channel(channel).label
                self.add_error(name, f"{label} is already in the order: choose each channel at most once")
            seen.add(channel)
        return cleaned

    def order(self) -> list[str]:
        return [self.cleaned_data[name] for name in PLACES if self.cleaned_data.get(name)]
