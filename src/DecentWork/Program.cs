using DecentWork.Accounts;
using DecentWork.Cooperation;
using DecentWork.Countries;
using DecentWork.Data;
using DecentWork.OpenData;
using DecentWork.Practices;
using DecentWork.Projects;
using DecentWork.Search;
using DecentWork.Shared;
using DecentWork.Thesaurus;

// dwx VERB [options]: `serve` (the default) runs the site; the other verbs work on the same database and exit.
var command = CommandLine.Parse(args);
if (command.Help || command.Error is not null) return CommandLine.PrintHelp(command);

var builder = WebApplication.CreateBuilder(CommandLine.HostOptions(command));
// A verb's standard output is its data (`dwx export > all.jsonl`): logs go to standard error.
if (command.Verb != "serve") builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddData(builder.Configuration);
builder.Services.AddAccounts();
builder.Services.AddWebUi(builder.Configuration);
builder.Services.AddApi();
builder.Services.AddPractices();
builder.Services.AddSearch(builder.Configuration);
builder.Services.AddOpenData(builder.Configuration);
builder.Services.AddThesaurus(builder.Configuration);
builder.Services.AddProjects();
builder.Services.AddCooperation(builder.Configuration);

var app = builder.Build();
await DataSetup.InitializeAsync(app.Services, loadSample: command.Verb == "serve" && !command.Has("--no-sample")
    && !app.Configuration.GetValue<bool>("Database:NoSample"));
if (command.Verb != "serve") return await CommandLine.RunAsync(command, app.Services);

app.UseWebUi();
app.MapHealth();
app.MapGroup("/api/v1").MapPracticesApi();
app.MapGroup("/api/v1").MapConceptsApi();
app.MapGroup("/api/v1").MapCountriesApi();
app.MapGroup("/api/v1").MapSearchApi();
app.MapOpenData();
app.MapGroup("/api/v1").MapExportApi();
app.MapGroup("/api/v1").MapThesaurusApi();
app.MapGroup("/api/v1").MapProjectsApi();
app.MapCooperation();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapWebPages();

await app.RunAsync();
return 0;

/// <summary>Lets the integration tests start the real application with WebApplicationFactory.</summary>
public partial class Program;
