"""baocao — Hệ thống thông tin báo cáo quốc gia (National Reporting Information System of Viet Nam)."""

__version__ = "0.1.0"
