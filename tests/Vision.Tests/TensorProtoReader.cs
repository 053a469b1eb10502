namespace EmoteCare.Vision.Tests;

/// <summary>
/// Reads the float tensors of ONNX test data sets (onnx.TensorProto protobuf): just dims (field 1),
/// data_type (2), float_data (4) and raw_data (9), which is all libonnx-testdata's float cases use.
/// </summary>
internal static class TensorProtoReader
{
    private const int FloatType = 1;

    public static (long[] Shape, float[] Data) ReadFloatTensor(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var dims = new List<long>();
        var floats = new List<float>();
        var dataType = 0;
        var position = 0;
        while (position < bytes.Length)
        {
            var key = ReadVarint(bytes, ref position);
            var field = (int)(key >> 3);
            var wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    var value = ReadVarint(bytes, ref position);
                    if (field == 1)
                    {
                        dims.Add((long)value);
                    }
                    else if (field == 2)
                    {
                        dataType = (int)value;
                    }

                    break;
                case 2:
                    var length = (int)ReadVarint(bytes, ref position);
                    var payload = bytes.AsSpan(position, length);
                    position += length;
                    if (field == 1)
                    {
                        var inner = 0;
                        var packed = payload.ToArray();
                        while (inner < packed.Length)
                        {
                            dims.Add((long)ReadVarint(packed, ref inner));
                        }
                    }
                    else if (field is 4 or 9)
                    {
                        for (var i = 0; i + 4 <= payload.Length; i += 4)
                        {
                            floats.Add(BitConverter.ToSingle(payload.Slice(i, 4)));
                        }
                    }

                    break;
                case 5:
                    if (field == 4)
                    {
                        floats.Add(BitConverter.ToSingle(bytes, position));
                    }

                    position += 4;
                    break;
                case 1:
                    position += 8;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported wire type {wire} in {path}.");
            }
        }

        if (dataType != FloatType)
        {
            throw new InvalidDataException($"{path} holds data type {dataType}, not float.");
        }

        return (dims.ToArray(), floats.ToArray());
    }

    private static ulong ReadVarint(byte[] bytes, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }
}
