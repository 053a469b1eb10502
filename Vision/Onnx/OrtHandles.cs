using System.Runtime.InteropServices;

namespace EmoteCare.Vision.Onnx;

/// <summary>Base for handles owning one ORT object; each subclass knows its Release function.</summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle(OrtApi api, nint handle)
        : base(0, ownsHandle: true)
    {
        Api = api;
        SetHandle(handle);
    }

    // Held per handle so a release never has to go back through the lazily loaded singleton.
    protected OrtApi Api { get; }

    public override bool IsInvalid => handle == 0;
}

internal sealed class OrtEnvHandle(OrtApi api, nint handle) : OrtHandle(api, handle)
{
    protected override unsafe bool ReleaseHandle()
    {
        Api.ReleaseEnv(handle);
        return true;
    }
}

internal sealed class OrtMemoryInfoHandle(OrtApi api, nint handle) : OrtHandle(api, handle)
{
    protected override unsafe bool ReleaseHandle()
    {
        Api.ReleaseMemoryInfo(handle);
        return true;
    }
}

internal sealed class OrtSessionOptionsHandle(OrtApi api, nint handle) : OrtHandle(api, handle)
{
    protected override unsafe bool ReleaseHandle()
    {
        Api.ReleaseSessionOptions(handle);
        return true;
    }
}

internal sealed class OrtSessionHandle(OrtApi api, nint handle) : OrtHandle(api, handle)
{
    protected override unsafe bool ReleaseHandle()
    {
        Api.ReleaseSession(handle);
        return true;
    }
}

internal sealed class OrtTypeInfoHandle(OrtApi api, nint handle) : OrtHandle(api, handle)
{
    protected override unsafe bool ReleaseHandle()
    {
        Api.ReleaseTypeInfo(handle);
        return true;
    }
}

/// <summary>
/// A native array of OrtValue* slots that a run fills with its outputs, followed by the matching
/// output-name pointers. One handle owns every value in it, so a run's outputs are reused and
/// released without a managed allocation per run.
/// </summary>
internal sealed unsafe class OrtValueArrayHandle : SafeHandle
{
    private readonly OrtApi _api;

    public OrtValueArrayHandle(OrtApi api, int count)
        : base(0, ownsHandle: true)
    {
        _api = api;
        Count = count;
        SetHandle((nint)NativeMemory.AllocZeroed((nuint)Math.Max(2 * count, 1), (nuint)sizeof(nint)));
    }

    public int Count { get; }

    public override bool IsInvalid => handle == 0;

    public nint* Slots => (nint*)handle;

    public nint* NameSlots => (nint*)handle + Count;

    /// <summary>Releases the values of the previous run and empties the slots so ORT allocates fresh outputs.</summary>
    public void ReleaseValues()
    {
        var slots = Slots;
        for (var i = 0; i < Count; i++)
        {
            if (slots[i] != 0)
            {
                _api.ReleaseValue(slots[i]);
                slots[i] = 0;
            }
        }
    }

    protected override bool ReleaseHandle()
    {
        ReleaseValues();
        NativeMemory.Free((void*)handle);
        return true;
    }
}

/// <summary>NUL-terminated UTF-8 copies of strings plus an array of pointers to them, in one native block.</summary>
internal sealed unsafe class Utf8StringArrayHandle : SafeHandle
{
    public Utf8StringArrayHandle(IReadOnlyList<string> values)
        : base(0, ownsHandle: true)
    {
        Count = values.Count;
        var pointerBytes = (nuint)(Math.Max(Count, 1) * sizeof(nint));
        nuint textBytes = 0;
        foreach (var value in values)
        {
            textBytes += (nuint)System.Text.Encoding.UTF8.GetByteCount(value) + 1;
        }

        var block = (byte*)NativeMemory.AllocZeroed(pointerBytes + textBytes);
        SetHandle((nint)block);
        var pointers = (nint*)block;
        var text = block + pointerBytes;
        for (var i = 0; i < Count; i++)
        {
            var length = System.Text.Encoding.UTF8.GetByteCount(values[i]);
            var written = System.Text.Encoding.UTF8.GetBytes(values[i], new Span<byte>(text, length));
            text[written] = 0;
            pointers[i] = (nint)text;
            text += written + 1;
        }
    }

    public int Count { get; }

    public override bool IsInvalid => handle == 0;

    public nint* Pointers => (nint*)handle;

    protected override bool ReleaseHandle()
    {
        NativeMemory.Free((void*)handle);
        return true;
    }
}
