"""The quiz's widgets."""
