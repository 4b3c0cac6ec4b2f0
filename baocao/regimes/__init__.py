"""Reporting regimes (chế độ báo cáo, Decree 09 Art. 7), their versions, forms and outlines."""
