using System.Runtime.CompilerServices;

// Every native signature in this assembly is blittable; no marshalling stubs are wanted on hot paths.
[assembly: DisableRuntimeMarshalling]
