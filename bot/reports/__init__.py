"""The HMIS lead's monthly privacy and security report: figures from the audit log and the registers,
the HUD baseline checklist, and its renderings (HTML with inline SVG charts, PDF)."""
