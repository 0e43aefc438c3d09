// Crashes the compiler on purpose: clang's debug pragma traps while parsing,
// standing in for a Sema bug (llvm-project#78426) or a check that crashes.
#pragma clang __debug crash
int unused;
