"""One module per configuration section, each owned by the part that reads it."""

from config.sections.agents import AgentsConfig
from config.sections.console import ConsoleConfig
from config.sections.decision import DecisionConfig
from config.sections.fabric import FabricConfig
from config.sections.hotel import HotelConfig
from config.sections.media import MediaConfig
from config.sections.ops import OpsConfig
from config.sections.pms import PmsConfig
from config.sections.sentinel import SentinelConfig
from config.sections.storage import StorageConfig
from config.sections.telephony import TelephonyConfig

__all__ = [
    "AgentsConfig",
    "ConsoleConfig",
    "DecisionConfig",
    "FabricConfig",
    "HotelConfig",
    "MediaConfig",
    "OpsConfig",
    "PmsConfig",
    "SentinelConfig",
    "StorageConfig",
    "TelephonyConfig",
]
