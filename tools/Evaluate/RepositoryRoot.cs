namespace EmoteCare.Evaluate;

/// <summary>Finds the repository root: the folder holding EmoteCare.sln.</summary>
internal static class RepositoryRoot
{
    public const string SolutionFile = "EmoteCare.sln";

    /// <summary>
    /// Walks up from the current directory, then from the tool's own folder, so both
    /// <c>dotnet run</c> from anywhere in the checkout and the built dll started elsewhere find it.
    /// </summary>
    public static string? Find() => FindAbove(Environment.CurrentDirectory) ?? FindAbove(AppContext.BaseDirectory);

    private static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
