"""The LangGraph conversation graph: state, wiring, routing functions and checkpointer."""
