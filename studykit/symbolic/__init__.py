"""SymPy side: exam-form derivatives with steps, closed-form network gradients, matrix calculus."""
