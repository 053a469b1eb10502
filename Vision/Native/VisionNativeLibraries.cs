namespace EmoteCare.Vision.Native;

/// <summary>
/// Where the two native libraries of the vision stack are loaded from. Each path is resolved once,
/// on first use: the configured value, else the environment variable, else the file that
/// <c>eng/install-native.sh</c> puts under the repository root (found by walking up from the
/// application's base directory).
/// </summary>
public static class VisionNativeLibraries
{
    /// <summary>Environment variable naming the ONNX Runtime shared library.</summary>
    public const string OnnxRuntimeVariable = "EMOTECARE_ORT_LIBRARY";

    /// <summary>Environment variable naming the OpenCV shim shared library.</summary>
    public const string VisionShimVariable = "EMOTECARE_VISION_NATIVE";

    internal const string OnnxRuntimeRepositoryPath = ".tools/onnxruntime/libonnxruntime.so.1";
    internal const string VisionShimRepositoryPath = "native/build/libemotecare_vision.so";

    private static readonly Lock Gate = new();
    private static string? _onnxRuntimePath;
    private static string? _visionShimPath;
    private static bool _onnxRuntimeResolved;
    private static bool _visionShimResolved;

    /// <summary>
    /// Sets explicit library paths (null keeps the default lookup). Must be called before the first
    /// ONNX Runtime session or OpenCV call; changing a path after that library is loaded throws.
    /// </summary>
    public static void Configure(string? onnxRuntimePath = null, string? visionShimPath = null)
    {
        lock (Gate)
        {
            if (onnxRuntimePath is not null)
            {
                if (_onnxRuntimeResolved && _onnxRuntimePath != onnxRuntimePath)
                {
                    throw new InvalidOperationException("ONNX Runtime is already loaded from " + _onnxRuntimePath);
                }

                _onnxRuntimePath = onnxRuntimePath;
            }

            if (visionShimPath is not null)
            {
                if (_visionShimResolved && _visionShimPath != visionShimPath)
                {
                    throw new InvalidOperationException("The vision shim is already loaded from " + _visionShimPath);
                }

                _visionShimPath = visionShimPath;
            }
        }
    }

    internal static string ResolveOnnxRuntime()
    {
        lock (Gate)
        {
            _onnxRuntimePath = Resolve(_onnxRuntimePath, OnnxRuntimeVariable, OnnxRuntimeRepositoryPath, "ONNX Runtime library");
            _onnxRuntimeResolved = true;
            return _onnxRuntimePath;
        }
    }

    internal static string ResolveVisionShim()
    {
        lock (Gate)
        {
            _visionShimPath = Resolve(_visionShimPath, VisionShimVariable, VisionShimRepositoryPath, "vision shim library");
            _visionShimResolved = true;
            return _visionShimPath;
        }
    }

    /// <summary>The repository root above <paramref name="start"/> (the folder holding EmoteCare.sln), or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmoteCare.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    internal static string Resolve(string? configured, string variable, string repositoryPath, string description)
    {
        string source;
        string? path = configured;
        if (path is not null)
        {
            source = "configured path";
        }
        else if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment)
        {
            path = fromEnvironment;
            source = variable;
        }
        else
        {
            var root = FindRepositoryRoot(AppContext.BaseDirectory);
            if (root is null)
            {
                throw new DllNotFoundException(
                    $"The {description} is not configured: set {variable} or call VisionNativeLibraries.Configure " +
                    $"(no repository root with EmoteCare.sln above {AppContext.BaseDirectory} to find {repositoryPath} in).");
            }

            path = Path.Combine(root, repositoryPath);
            source = "repository default";
        }

        if (!File.Exists(path))
        {
            throw new DllNotFoundException(
                $"The {description} was not found at {path} ({source}). Run ./test.sh or eng/install-native.sh " +
                $"from the repository root to install it, or set {variable}.");
        }

        return Path.GetFullPath(path);
    }
}
