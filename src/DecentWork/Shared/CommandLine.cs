using DecentWork.Accounts;
using DecentWork.OpenData;
using DecentWork.Practices;
using DecentWork.Thesaurus;

namespace DecentWork.Shared;

/// <summary>The application is its own command line: <c>dwx [VERB] [options]</c>. Options the verbs own are
/// taken out before the rest goes to ASP.NET's configuration (e.g. --urls, --Database:Provider=postgres).</summary>
public sealed record CommandLine(string Verb, IReadOnlyList<string> Arguments, IReadOnlyList<string> Flags, string[] HostArgs, bool Help, string? Error)
{
    public static readonly string[] Verbs = ["serve", "import", "export", "thesaurus", "users", "tokens", "reindex", "search-eval"];
    private static readonly string[] OwnFlags = ["--no-sample", "--publish", "--password-stdin"];
    private static readonly string[] OwnOptions = ["--role", "--organisation", "--name", "--display-name", "--format", "--filter", "--output"];

    public bool Has(string flag) => Flags.Contains(flag);

    public string? Option(string name)
    {
        for (var i = 0; i < Flags.Count; i++)
            if (Flags[i].StartsWith(name + "=", StringComparison.Ordinal)) return Flags[i][(name.Length + 1)..];
        return null;
    }

    public static CommandLine Parse(string[] args)
    {
        var verb = "serve";
        var rest = args.ToList();
        if (rest.Count > 0 && !rest[0].StartsWith('-'))
        {
            verb = rest[0];
            rest.RemoveAt(0);
        }
        var help = rest.Remove("--help") | rest.Remove("-h") | verb == "help";
        if (verb == "help") verb = rest.FirstOrDefault(a => !a.StartsWith('-')) ?? "serve";
        var arguments = new List<string>();
        var flags = new List<string>();
        var host = new List<string>();
        for (var i = 0; i < rest.Count; i++)
        {
            var a = rest[i];
            if (OwnFlags.Contains(a)) flags.Add(a);
            else if (OwnOptions.Contains(a) && i + 1 < rest.Count) flags.Add(a + "=" + rest[++i]);
            else if (OwnOptions.Any(o => a.StartsWith(o + "=", StringComparison.Ordinal))) flags.Add(a);
            else if (a.StartsWith('-'))
            {
                host.Add(a);
                if (!a.Contains('=') && i + 1 < rest.Count && !rest[i + 1].StartsWith('-')) host.Add(rest[++i]);
            }
            else arguments.Add(a);
        }
        var error = Verbs.Contains(verb) ? null : $"unknown verb '{verb}'";
        return new CommandLine(verb, arguments, flags, host.ToArray(), help, error);
    }

    /// <summary>A published dwx started from another folder still finds its pages' static files next to itself.</summary>
    public static WebApplicationOptions HostOptions(CommandLine c)
    {
        var here = Directory.GetCurrentDirectory();
        var beside = AppContext.BaseDirectory;
        var root = !Directory.Exists(Path.Combine(here, "wwwroot")) && Directory.Exists(Path.Combine(beside, "wwwroot")) ? beside : null;
        return new WebApplicationOptions { Args = c.HostArgs, ContentRootPath = root };
    }

    public static int PrintHelp(CommandLine c)
    {
        var w = c.Error is null ? Console.Out : Console.Error;
        if (c.Error is not null) w.WriteLine($"dwx: {c.Error}\n");
        w.WriteLine(c.Verb switch
        {
            "import" => """
                dwx import FILE.jsonl [--publish]
                  Imports practices, one JSON record per line, in the API's create format (see docs/import.md).
                  Records are saved as drafts unless they carry "status", or --publish publishes every record.
                  Prints each line it skipped and why; exits 1 if any line was skipped, 0 otherwise.
                  A file written by `dwx export` restores each practice's revisions, status and dates, and creates
                  the organisations this instance does not have yet.
                dwx import FILE.xml
                  Imports an IATI activity file (standard 2.01–2.03) as development-cooperation projects (see
                  docs/iati.md); a file whose content starts with '<' is read as IATI whatever its name. Activities
                  are matched on iati-identifier, so a re-import updates them. Prints each problem as
                  "IDENTIFIER / ELEMENT: what"; exits 1 if the file was refused, an activity skipped or anything
                  dropped, 0 when everything was imported.
                """,
            "export" => """
                dwx export [--format jsonl|csv] [--filter country=SEN,theme=ID,language=fr,status=all] [--output FILE]
                  Writes practices as JSON Lines (the import format plus history; `dwx import` reads it back) or CSV
                  (UTF-8 with BOM, one row per practice; export only). Standard output unless --output is given.
                  Without status= only published practices are exported; status=all (or a status name) exports the
                  working copies. Columns and fields: docs/export.md.
                """,
            "thesaurus" => """
                dwx thesaurus export [--format ttl|nt|rdfxml|jsonld] [--output FILE]
                  Writes the thesaurus as SKOS (Turtle by default) to standard output or FILE. Concept URIs are
                  BASE/concepts/ID with BASE from Thesaurus:BaseUri (default http://localhost:5000).
                dwx thesaurus import FILE [--format ttl|nt|rdfxml|jsonld]
                  Merges the SKOS concepts in FILE by URI (the syntax comes from the extension unless --format is
                  given). Prints what it added, changed and skipped (with reasons); exits 1 if anything was skipped.
                """,
            "users" => """
                dwx users add EMAIL --role ROLE [--organisation ID] [--display-name NAME] --password-stdin
                  Creates a user (or adds the role to an existing one). ROLE: Contributor, Reviewer, Editor, Admin.
                  The password is read from standard input (never from the command line, where it would be logged).
                dwx users list
                  Lists users with their roles and organisation.
                """,
            "tokens" => """
                dwx tokens create EMAIL [--name LABEL]
                  Creates an API bearer token for the user and prints it once; only its hash is stored.
                """,
            "reindex" => """
                dwx reindex
                  Rebuilds the search index (DATA/index) from the database. The index is a cache: a running server
                  keeps it up to date from the outbox and rebuilds a missing one at start-up, so this is for repairs.
                  Stop the server first (it holds the index's write lock).
                """,
            "search-eval" => """
                dwx search-eval [FILE]
                  Runs the relevance set (default docs/relevance/sample.json, judged against the sample content) and
                  prints nDCG@10 and recall@10 per query, overall and for the cross-language queries. The database must
                  hold the sample content (start the server once on an empty data folder). Exits 1 if a judged
                  practice is missing.
                """,
            _ => """
                dwx [serve] [--no-sample] [--urls URL]
                  Runs the site (default http://localhost:5000). On an empty database it loads the sample content
                  unless --no-sample is given. Data lives in ./data (DWX_DATA overrides); Database:Provider=postgres
                  with ConnectionStrings:Default switches to PostgreSQL.

                Verbs: serve, import, export, thesaurus, users, tokens, reindex, search-eval. `dwx VERB --help` for each.
                """,
        });
        return c.Error is null ? 0 : 2;
    }

    public static async Task<int> RunAsync(CommandLine c, IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        try
        {
            return c.Verb switch
            {
                "import" => await ImportCommand.RunAsync(c, sp),
                "export" => await ExportCommand.RunAsync(c, sp),
                "thesaurus" => await ThesaurusCommand.RunAsync(c, sp),
                "users" => await UsersCommand.RunAsync(c, sp),
                "tokens" => await UsersCommand.TokensAsync(c, sp),
                "reindex" => await Search.ReindexCommand.RunAsync(c, sp),
                "search-eval" => await Search.SearchEvalCommand.RunAsync(c, sp),
                _ => PrintHelp(c with { Error = $"unknown verb '{c.Verb}'" }),
            };
        }
        catch (CommandException e)
        {
            Console.Error.WriteLine($"dwx {c.Verb}: {e.Message}");
            return 2;
        }
    }
}

public sealed class CommandException(string message) : Exception(message);
