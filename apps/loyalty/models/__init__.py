from .cards import Card, LedgerDay, PassDevice, Referral, Transaction
from .program import Program, Reward, StaffPin, Tier

__all__ = ["Card", "LedgerDay", "PassDevice", "Program", "Referral", "Reward", "StaffPin", "Tier", "Transaction"]
