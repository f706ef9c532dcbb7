using DecentWork.Accounts;
using DecentWork.Cooperation;
using DecentWork.Countries;
using DecentWork.Organisations;
using DecentWork.Practices;
using DecentWork.Projects;
using DecentWork.Search;
using DecentWork.Thesaurus;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace DecentWork.Data;

/// <summary>The one DbContext. Each database engine has a thin subclass only so that each keeps its own migrations.</summary>
public class AppDb(DbContextOptions options) : IdentityDbContext<User>(options), IDataProtectionKeyContext
{
    public DbSet<Practice> Practices => Set<Practice>();
    public DbSet<PracticeText> PracticeTexts => Set<PracticeText>();
    public DbSet<PracticeCountry> PracticeCountries => Set<PracticeCountry>();
    public DbSet<PracticeConcept> PracticeConcepts => Set<PracticeConcept>();
    public DbSet<PracticePillar> PracticePillars => Set<PracticePillar>();
    public DbSet<PracticeSdgTarget> PracticeSdgTargets => Set<PracticeSdgTarget>();
    public DbSet<PracticeStandard> PracticeStandards => Set<PracticeStandard>();
    public DbSet<PracticeOrganisation> PracticeOrganisations => Set<PracticeOrganisation>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<Source> Sources => Set<Source>();
    public DbSet<Revision> Revisions => Set<Revision>();
    public DbSet<Endorsement> Endorsements => Set<Endorsement>();
    public DbSet<WorkflowEvent> WorkflowEvents => Set<WorkflowEvent>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Country> Countries => Set<Country>();
    public DbSet<IloRegion> IloRegions => Set<IloRegion>();
    public DbSet<Concept> Concepts => Set<Concept>();
    public DbSet<ConceptLabel> ConceptLabels => Set<ConceptLabel>();
    public DbSet<ConceptRelation> ConceptRelations => Set<ConceptRelation>();
    public DbSet<Pillar> Pillars => Set<Pillar>();
    public DbSet<SdgTarget> SdgTargets => Set<SdgTarget>();
    public DbSet<LabourStandard> LabourStandards => Set<LabourStandard>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectText> ProjectTexts => Set<ProjectText>();
    public DbSet<ProjectOrganisation> ProjectOrganisations => Set<ProjectOrganisation>();
    public DbSet<ProjectCountry> ProjectCountries => Set<ProjectCountry>();
    public DbSet<ProjectRegion> ProjectRegions => Set<ProjectRegion>();
    public DbSet<ProjectSector> ProjectSectors => Set<ProjectSector>();
    public DbSet<ProjectDate> ProjectDates => Set<ProjectDate>();
    public DbSet<ProjectBudget> ProjectBudgets => Set<ProjectBudget>();
    public DbSet<ProjectConcept> ProjectConcepts => Set<ProjectConcept>();
    public DbSet<ProjectPractice> ProjectPractices => Set<ProjectPractice>();
    public DbSet<CooperationRequest> CooperationRequests => Set<CooperationRequest>();
    public DbSet<RequestTheme> RequestThemes => Set<RequestTheme>();
    public DbSet<Offer> Offers => Set<Offer>();
    public DbSet<OfferPractice> OfferPractices => Set<OfferPractice>();
    public DbSet<Match> Matches => Set<Match>();
    public DbSet<Exchange> Exchanges => Set<Exchange>();
    public DbSet<Follow> Follows => Set<Follow>();
    public DbSet<CoopEvent> CoopEvents => Set<CoopEvent>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<MailDelivery> MailDeliveries => Set<MailDelivery>();

    /// <summary>Every DateTime is UTC; SQLite stores no kind, so restore it on read (the API writes ISO 8601 with Z).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder c)
    {
        c.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        c.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        b.Entity<Practice>(e =>
        {
            e.Property(p => p.OriginalLanguage).HasMaxLength(8);
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.Scale).HasMaxLength(20);
            e.Property(p => p.Licence).HasMaxLength(40);
            e.Property(p => p.CreatedById).HasMaxLength(450);
            e.Property(p => p.Version).IsConcurrencyToken();
            e.HasIndex(p => new { p.Status, p.PublishedAt });
            e.HasIndex(p => p.UpdatedAt);
            e.HasOne(p => p.OwnerOrganisation).WithMany().HasForeignKey(p => p.OwnerOrganisationId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(p => p.Texts).WithOne().HasForeignKey(t => t.PracticeId);
            e.HasMany(p => p.Countries).WithOne().HasForeignKey(x => x.PracticeId);
            e.HasMany(p => p.Concepts).WithOne().HasForeignKey(x => x.PracticeId);
            e.HasMany(p => p.Pillars).WithOne().HasForeignKey(x => x.PracticeId);
            e.HasMany(p => p.SdgTargets).WithOne().HasForeignKey(x => x.PracticeId);
            e.HasMany(p => p.Standards).WithOne().HasForeignKey(x => x.PracticeId);
            e.HasMany(p => p.Organisations).WithOne().HasForeignKey(x => x.PracticeId);
            e.HasMany(p => p.Indicators).WithOne().HasForeignKey(x => x.PracticeId);
            e.HasMany(p => p.Sources).WithOne().HasForeignKey(x => x.PracticeId);
            e.HasMany(p => p.Revisions).WithOne().HasForeignKey(x => x.PracticeId);
            e.HasMany(p => p.Endorsements).WithOne().HasForeignKey(x => x.PracticeId);
            e.HasMany(p => p.Events).WithOne().HasForeignKey(x => x.PracticeId);
            e.Ignore(p => p.Original);
        });
        b.Entity<PracticeText>(e =>
        {
            e.Property(t => t.Language).HasMaxLength(8);
            e.Property(t => t.Title).HasMaxLength(PracticeLimits.Title);
            e.Property(t => t.PublishedTitle).HasMaxLength(PracticeLimits.Title);
            e.Property(t => t.Slug).HasMaxLength(120);
            e.Property(t => t.PublishedSlug).HasMaxLength(120);
            e.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.AuthorId).HasMaxLength(450);
            e.Property(t => t.AuthorName).HasMaxLength(256);
            e.HasIndex(t => new { t.PracticeId, t.Language }).IsUnique();
        });
        b.Entity<PracticeCountry>(e =>
        {
            e.HasKey(x => new { x.PracticeId, x.CountryCode });
            e.Property(x => x.CountryCode).HasMaxLength(3);
            e.HasIndex(x => x.CountryCode);
            e.HasOne<Country>().WithMany().HasForeignKey(x => x.CountryCode);
        });
        b.Entity<PracticeConcept>(e =>
        {
            e.HasKey(x => new { x.PracticeId, x.ConceptId });
            e.Property(x => x.ConceptId).HasMaxLength(100);
            e.HasIndex(x => x.ConceptId);
            e.HasOne<Concept>().WithMany().HasForeignKey(x => x.ConceptId);
        });
        b.Entity<PracticePillar>(e =>
        {
            e.HasKey(x => new { x.PracticeId, x.PillarId });
            e.Property(x => x.PillarId).HasMaxLength(40);
            e.HasOne<Pillar>().WithMany().HasForeignKey(x => x.PillarId);
        });
        b.Entity<PracticeSdgTarget>(e =>
        {
            e.HasKey(x => new { x.PracticeId, x.SdgTargetId });
            e.Property(x => x.SdgTargetId).HasMaxLength(10);
            e.HasOne<SdgTarget>().WithMany().HasForeignKey(x => x.SdgTargetId);
        });
        b.Entity<PracticeStandard>(e =>
        {
            e.HasKey(x => new { x.PracticeId, x.StandardCode });
            e.Property(x => x.StandardCode).HasMaxLength(10);
            e.HasOne<LabourStandard>().WithMany().HasForeignKey(x => x.StandardCode);
        });
        b.Entity<PracticeOrganisation>(e =>
        {
            e.HasKey(x => new { x.PracticeId, x.OrganisationId });
            e.Property(x => x.Role).HasMaxLength(20);
            e.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId);
            e.HasIndex(x => x.OrganisationId);
        });
        b.Entity<Indicator>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(PracticeLimits.ShortText);
            e.Property(x => x.Unit).HasMaxLength(40);
            e.Property(x => x.Source).HasMaxLength(PracticeLimits.ShortText);
            e.Property(x => x.BaselineValue).HasPrecision(18, 4);
            e.Property(x => x.ResultValue).HasPrecision(18, 4);
        });
        b.Entity<Source>(e =>
        {
            e.Property(x => x.Title).HasMaxLength(PracticeLimits.ShortText);
            e.Property(x => x.Publisher).HasMaxLength(PracticeLimits.ShortText);
            e.Property(x => x.Url).HasMaxLength(2000);
        });
        b.Entity<Revision>(e =>
        {
            e.HasIndex(x => new { x.PracticeId, x.Number }).IsUnique();
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.UserName).HasMaxLength(256);
            e.Property(x => x.Note).HasMaxLength(1000);
        });
        b.Entity<Endorsement>(e =>
        {
            e.HasIndex(x => new { x.PracticeId, x.OrganisationId }).IsUnique();
            e.Property(x => x.Group).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Statement).HasMaxLength(1000);
            e.Property(x => x.StatementLanguage).HasMaxLength(8);
            e.Property(x => x.UserId).HasMaxLength(450);
            e.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId);
        });
        b.Entity<WorkflowEvent>(e =>
        {
            e.Property(x => x.Action).HasMaxLength(40);
            e.Property(x => x.FromStatus).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ToStatus).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Comment).HasMaxLength(PracticeLimits.Comment);
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.UserName).HasMaxLength(256);
            e.HasIndex(x => new { x.PracticeId, x.At });
        });
        b.Entity<Organisation>(e =>
        {
            e.Property(x => x.Key).HasMaxLength(100);
            e.HasIndex(x => x.Key).IsUnique();
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.NameFr).HasMaxLength(300);
            e.Property(x => x.NameEs).HasMaxLength(300);
            e.Property(x => x.NameZh).HasMaxLength(300);
            e.Property(x => x.Acronym).HasMaxLength(40);
            e.Property(x => x.CountryCode).HasMaxLength(3);
            e.Property(x => x.Group).HasConversion<string>().HasMaxLength(20);
            e.HasOne<Country>().WithMany().HasForeignKey(x => x.CountryCode);
        });
        b.Entity<Country>(e =>
        {
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(3);
            e.Property(x => x.Iso2).HasMaxLength(2);
            foreach (var n in new[] { "NameEn", "NameFr", "NameEs", "NameZh", "M49Region", "M49SubRegion" }) e.Property(n).HasMaxLength(200);
            e.Property(x => x.IloRegionId).HasMaxLength(40);
            e.HasOne<IloRegion>().WithMany().HasForeignKey(x => x.IloRegionId);
        });
        b.Entity<IloRegion>(e =>
        {
            e.Property(x => x.Id).HasMaxLength(40);
            foreach (var n in new[] { "NameEn", "NameFr", "NameEs", "NameZh" }) e.Property(n).HasMaxLength(200);
        });
        b.Entity<Concept>(e =>
        {
            e.Property(x => x.Id).HasMaxLength(100);
            e.HasMany(x => x.Labels).WithOne().HasForeignKey(l => l.ConceptId);
        });
        b.Entity<ConceptLabel>(e =>
        {
            e.Property(x => x.Language).HasMaxLength(8);
            e.Property(x => x.Text).HasMaxLength(200);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
            e.HasIndex(x => new { x.ConceptId, x.Language, x.Kind, x.Text }).IsUnique();
        });
        b.Entity<ConceptRelation>(e =>
        {
            e.HasKey(x => new { x.FromId, x.ToId, x.Kind });
            e.Property(x => x.FromId).HasMaxLength(100);
            e.Property(x => x.ToId).HasMaxLength(100);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
            e.HasOne<Concept>().WithMany().HasForeignKey(x => x.FromId);
            e.HasOne<Concept>().WithMany().HasForeignKey(x => x.ToId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.ToId);
        });
        b.Entity<Pillar>(e =>
        {
            e.Property(x => x.Id).HasMaxLength(40);
            foreach (var n in new[] { "NameEn", "NameFr", "NameEs", "NameZh" }) e.Property(n).HasMaxLength(200);
        });
        b.Entity<SdgTarget>(e => e.Property(x => x.Id).HasMaxLength(10));
        b.Entity<LabourStandard>(e =>
        {
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(10);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Category).HasMaxLength(20);
        });
        b.Entity<User>(e =>
        {
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.PreferredLanguage).HasMaxLength(8);
            e.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<ApiToken>(e =>
        {
            e.Property(x => x.Hash).HasMaxLength(64);
            e.Property(x => x.Prefix).HasMaxLength(16);
            e.Property(x => x.Name).HasMaxLength(100);
            e.HasIndex(x => x.Hash).IsUnique();
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<OutboxMessage>(e => e.HasOne(x => x.Practice).WithMany().HasForeignKey(x => x.PracticeId));
        ProjectsModel.Configure(b);
        CooperationModel.Configure(b);
    }
}

/// <summary>SQLite's own migrations (the embedded default).</summary>
public sealed class SqliteAppDb(DbContextOptions<SqliteAppDb> options) : AppDb(options);

/// <summary>PostgreSQL's own migrations.</summary>
public sealed class PostgresAppDb(DbContextOptions<PostgresAppDb> options) : AppDb(options);
