namespace EmoteCare.Vision.OpenCv;

/// <summary>Header probe, grayscale decode and JPEG encode through the shim.</summary>
internal static unsafe class ImageCodec
{
    /// <summary>Reads the JPEG/PNG header (dimensions) and checks the stream is complete; decodes no pixels.</summary>
    public static ShimStatus Probe(ReadOnlySpan<byte> data, out ImageHeader header, out string? error)
    {
        NativeImageInfo info;
        byte* message = stackalloc byte[OpenCvNative.MessageCapacity];
        ShimStatus status;
        fixed (byte* bytes = data)
        {
            status = OpenCvNative.ProbeImage(bytes, data.Length, &info, message, OpenCvNative.MessageCapacity);
        }

        header = new ImageHeader((ImageFormat)info.Format, info.Width, info.Height);
        error = status == ShimStatus.Ok ? null : OpenCvNative.Message(new ReadOnlySpan<byte>(message, OpenCvNative.MessageCapacity));
        return status;
    }

    /// <summary>
    /// Decodes to tightly packed grayscale in <paramref name="destination"/>, refusing images over
    /// <paramref name="maxWidth"/> x <paramref name="maxHeight"/> before any pixel is decoded.
    /// </summary>
    public static ShimStatus DecodeGray(
        ReadOnlySpan<byte> data, int maxWidth, int maxHeight, Span<byte> destination, out ImageHeader header, out string? error)
    {
        NativeImageInfo info;
        byte* message = stackalloc byte[OpenCvNative.MessageCapacity];
        ShimStatus status;
        fixed (byte* bytes = data)
        fixed (byte* dst = destination)
        {
            status = OpenCvNative.DecodeGray(
                bytes, data.Length, maxWidth, maxHeight, dst, destination.Length, &info, message, OpenCvNative.MessageCapacity);
        }

        header = new ImageHeader((ImageFormat)info.Format, info.Width, info.Height);
        error = status == ShimStatus.Ok ? null : OpenCvNative.Message(new ReadOnlySpan<byte>(message, OpenCvNative.MessageCapacity));
        return status;
    }

    /// <summary>Encodes a gray image as JPEG (used for synthetic streams and tests, not the hot path).</summary>
    public static byte[] EncodeJpeg(GrayImageView image, int quality)
    {
        var buffer = new byte[Math.Max(4096, image.Width * image.Height)];
        while (true)
        {
            long written;
            byte* message = stackalloc byte[OpenCvNative.MessageCapacity];
            ShimStatus status;
            fixed (byte* gray = image.Pixels)
            fixed (byte* dst = buffer)
            {
                status = OpenCvNative.EncodeJpeg(
                    gray, image.Width, image.Height, image.Stride, quality, dst, buffer.Length, &written, message, OpenCvNative.MessageCapacity);
            }

            if (status == ShimStatus.BufferTooSmall)
            {
                buffer = new byte[written];
                continue;
            }

            OpenCvNative.Check(status, new ReadOnlySpan<byte>(message, OpenCvNative.MessageCapacity), "JPEG encode");
            return buffer.AsSpan(0, (int)written).ToArray();
        }
    }
}

/// <summary>Container format found by the header probe.</summary>
internal enum ImageFormat
{
    Unknown = 0,
    Jpeg = 1,
    Png = 2,
}

/// <summary>What the header probe read.</summary>
internal readonly record struct ImageHeader(ImageFormat Format, int Width, int Height);
