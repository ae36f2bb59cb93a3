// IMM and tangent-plane filter kernels (pending).
