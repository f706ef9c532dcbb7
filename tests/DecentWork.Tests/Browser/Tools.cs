namespace DecentWork.Tests.Browser;

/// <summary>The checkers installed by `npm ci` in tests/browser (axe-core, the Nu HTML checker); DWX_AXE and DWX_VNU
/// override the paths. A test that needs a missing one is skipped with the reason, never passed.</summary>
public static class Tools
{
    private static readonly string? NodeModules = FindNodeModules();

    /// <summary>CI sets DWX_REQUIRE_BROWSER: there a missing tool is a failure, not a skip.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("DWX_REQUIRE_BROWSER") is "1" or "true";

    /// <summary>Skips with the reason where the tool is missing; fails where CI promised it.</summary>
    public static void Need(bool present, string reason)
    {
        if (!present && Required) throw new InvalidOperationException("DWX_REQUIRE_BROWSER is set but " + reason);
        Skip.If(!present, reason);
    }

    private static string? FindNodeModules()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "browser", "node_modules");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string? Resolve(string variable, string relative)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v) return File.Exists(v) ? v : null;
        var path = NodeModules is null ? null : Path.Combine(NodeModules, relative);
        return path is not null && File.Exists(path) ? path : null;
    }

    public static string Axe
    {
        get
        {
            var path = Resolve("DWX_AXE", "axe-core/axe.min.js");
            Need(path is not null, "axe-core not installed: run `npm ci` in tests/browser (.ci/run does), or set DWX_AXE");
            return path!;
        }
    }

    public static string Vnu
    {
        get
        {
            var path = Resolve("DWX_VNU", "vnu-jar/build/dist/vnu.jar");
            Need(path is not null, "vnu-jar not installed: run `npm ci` in tests/browser (.ci/run does), or set DWX_VNU");
            Need(Java is not null, "java not found: the Nu HTML checker needs Java 8 or later (`apt-get install -y default-jre-headless`)");
            return path!;
        }
    }

    public static string? Java => Environment.GetEnvironmentVariable("PATH")?.Split(':')
        .Select(d => Path.Combine(d, "java")).FirstOrDefault(File.Exists);
}
