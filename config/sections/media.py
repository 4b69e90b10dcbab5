"""Audio, speech recognition and synthesis (read by media/)."""

from pydantic import BaseModel


class MediaConfig(BaseModel):
    model_config = {"extra": "forbid"}

    whisper_model: str | None = None
