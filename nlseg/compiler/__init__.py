"""FilterTree → SQL."""

from nlseg.compiler.compile import CompiledTree, CompileError, SegmentResolver, compile_tree

__all__ = ["CompileError", "CompiledTree", "SegmentResolver", "compile_tree"]
