//! [`NoteStore`]: a map's notes and marks in memory, with queries for the
//! viewer, undoable edits, and safe saving (atomic, merging with changes
//! made on disk by others, falling back to the user's data folder).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use super::atomic::{self, ContentHash, LockError, WriteError};
use super::format::{self, MarkMap, NoteMap};
use super::history::{Change, Command, CommandKind, History};
use super::location::{self, Location, LocationKind};
use super::merge::{self, MergeReport};
use super::{Note, NoteId, NotesError, NotesWarning};
use crate::evaluation::Mark;

/// Where a store looks for and saves notes besides the map's folder, and
/// how long a save waits for another one to finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreOptions {
    /// The user's data folder, used when the map's folder cannot be
    /// written; `None` disables that fallback.
    pub data_dir: Option<PathBuf>,
    /// How long a save waits for the notes file's lock while another
    /// process or window saves it, before it fails with
    /// [`NotesError::Locked`].
    pub lock_timeout: Duration,
}

/// How long a save waits for another save of the same notes file by
/// default.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(10);

impl StoreOptions {
    /// Options with this data folder and the default lock timeout.
    pub fn with_data_dir(data_dir: Option<PathBuf>) -> Self {
        StoreOptions {
            data_dir,
            lock_timeout: DEFAULT_LOCK_TIMEOUT,
        }
    }
}

impl Default for StoreOptions {
    /// The platform's data folder for reasonmap.
    fn default() -> Self {
        Self::with_data_dir(location::default_data_dir())
    }
}

/// What a successful [`NoteStore::save`] did.
#[derive(Debug)]
pub struct SaveOutcome {
    /// Where the notes are now.
    pub location: Location,
    /// Whether a file was written (false when nothing had changed).
    pub written: bool,
    /// True when this save moved the notes to the user's data folder
    /// because the map's folder cannot be written.
    pub fell_back: bool,
    /// Set when the file had changed on disk and was merged.
    pub merge: Option<MergeReport>,
    /// Things the user should know (a file changed on disk that could not
    /// be read and was moved aside, for instance).
    pub warnings: Vec<NotesWarning>,
}

/// The notes and marks of one map.
#[derive(Debug)]
pub struct NoteStore {
    map_path: PathBuf,
    options: StoreOptions,
    location: Location,
    /// The notes now.
    notes: NoteMap,
    /// The notes as last loaded or saved: the base of a merge.
    base: NoteMap,
    /// Hash of the file at `location` when loaded or saved; `None` when
    /// there was no file.
    disk_hash: Option<ContentHash>,
    /// Claim ids of the map; notes on other claims are orphaned.
    claims: BTreeSet<String>,
    /// The marks now, by claim or argument id.
    marks: MarkMap,
    /// The marks as last loaded or saved: the base of a merge.
    marks_base: MarkMap,
    /// Argument ids of the map; inference marks on other ids are orphaned.
    arguments: BTreeSet<String>,
    /// Counts changes of `marks`, so that a viewer can tell cheaply when
    /// to evaluate again.
    marks_revision: u64,
    history: History,
    /// Ids of the claims whose branch is collapsed in the viewer.
    collapsed: BTreeSet<String>,
    /// The collapsed claims as last loaded or saved.
    collapsed_base: BTreeSet<String>,
    /// Whether `notes` differs from `base` or `marks` from `marks_base`
    /// (or the collapsed claims from theirs).
    dirty: bool,
    /// An unreadable notes file that could not be moved aside; saving
    /// would overwrite it, so it is refused.
    blocked: Option<PathBuf>,
}

/// How many times a save re-merges when the file keeps changing under it.
const SAVE_ATTEMPTS: usize = 5;

impl NoteStore {
    /// Opens the notes of the map at `map_path`, whose claims have the ids
    /// `claim_ids`, looking in the platform's data folder as well.
    ///
    /// Never fails: an unreadable notes file is moved aside and reported in
    /// the warnings, and the store starts empty, so the map still opens.
    pub fn open<I, S>(map_path: &Path, claim_ids: I) -> (NoteStore, Vec<NotesWarning>)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::open_with(map_path, claim_ids, StoreOptions::default())
    }

    /// [`NoteStore::open`] with explicit options.
    pub fn open_with<I, S>(
        map_path: &Path,
        claim_ids: I,
        options: StoreOptions,
    ) -> (NoteStore, Vec<NotesWarning>)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let beside = Location {
            path: location::sidecar_path(map_path),
            kind: LocationKind::BesideMap,
        };
        let fallback = options.data_dir.as_ref().map(|dir| Location {
            path: location::fallback_path(dir, map_path),
            kind: LocationKind::DataFolder,
        });
        let exists = |l: &Location| std::fs::symlink_metadata(&l.path).is_ok();
        let mut warnings = Vec::new();
        let location = match fallback {
            Some(f) if exists(&f) && !exists(&beside) => f,
            Some(f) => {
                if exists(&f) {
                    warnings.push(NotesWarning::OtherFileIgnored {
                        used: beside.path.clone(),
                        ignored: f.path,
                    });
                }
                beside
            }
            None => beside,
        };
        // A notes file that is a symbolic link (into a synced folder, say) is
        // saved where the link points, so that saving keeps the link.
        let location = match std::fs::symlink_metadata(&location.path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                match std::fs::canonicalize(&location.path) {
                    Ok(path) => Location { path, ..location },
                    Err(_) => location,
                }
            }
            _ => location,
        };
        let mut store = NoteStore {
            map_path: map_path.to_owned(),
            options,
            location,
            notes: NoteMap::new(),
            base: NoteMap::new(),
            disk_hash: None,
            claims: claim_ids.into_iter().map(Into::into).collect(),
            marks: MarkMap::new(),
            marks_base: MarkMap::new(),
            arguments: BTreeSet::new(),
            marks_revision: 0,
            history: History::default(),
            collapsed: BTreeSet::new(),
            collapsed_base: BTreeSet::new(),
            dirty: false,
            blocked: None,
        };
        match Self::read_file(&store.location.path, None) {
            Ok(None) => {}
            Ok(Some(on_disk)) => {
                let sidecar = on_disk.notes.unwrap_or_default();
                store.base = sidecar.notes.clone();
                store.notes = sidecar.notes;
                store.marks_base = sidecar.marks.clone();
                store.marks = sidecar.marks;
                store.collapsed_base = sidecar.collapsed.clone();
                store.collapsed = sidecar.collapsed;
                store.disk_hash = Some(on_disk.hash);
            }
            Err(error) if error.is_not_a_file() => {
                // A directory or FIFO is not moved: it is not a broken notes
                // file, and saving must not replace it either.
                store.blocked = Some(store.location.path.clone());
                warnings.push(NotesWarning::NotAFile { error });
            }
            Err(error) => {
                let moved_to = atomic::move_aside(&store.location.path);
                if moved_to.is_err() {
                    store.blocked = Some(store.location.path.clone());
                }
                warnings.push(NotesWarning::Unreadable { error, moved_to });
            }
        }
        (store, warnings)
    }

    /// Reads a notes file (`None` when there is none) and parses it,
    /// unless its hash is `known` (it did not change).
    fn read_file(path: &Path, known: Option<ContentHash>) -> Result<Option<OnDisk>, NotesError> {
        let Some(read) = atomic::read_bounded(path)? else {
            return Ok(None);
        };
        let hash = atomic::content_hash(&read.bytes);
        if Some(hash) == known {
            return Ok(Some(OnDisk {
                notes: None,
                hash,
                read,
            }));
        }
        let sidecar = format::parse_bytes(&read.bytes, path)?;
        Ok(Some(OnDisk {
            notes: Some(sidecar),
            hash,
            read,
        }))
    }

    /// The map file the notes belong to.
    pub fn map_path(&self) -> &Path {
        &self.map_path
    }

    /// Where the notes are read from and saved to. Before the first save
    /// into an unwritable folder this is beside the map; the save then
    /// moves it to the data folder and says so in its [`SaveOutcome`].
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Tells the store the map's claims changed (the map was reloaded):
    /// notes on claims no longer there become orphaned, and orphans whose
    /// claim came back are attached again.
    pub fn set_claim_ids<I, S>(&mut self, claim_ids: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.claims = claim_ids.into_iter().map(Into::into).collect();
    }

    /// Whether the map has a claim with this id.
    pub fn has_claim(&self, claim: &str) -> bool {
        self.claims.contains(claim)
    }

    /// The note with this id.
    pub fn note(&self, id: &NoteId) -> Option<&Note> {
        self.notes.get(id)
    }

    /// The notes on `claim`, oldest first.
    pub fn notes_for(&self, claim: &str) -> Vec<&Note> {
        let mut notes: Vec<&Note> = self.notes.values().filter(|n| n.claim == claim).collect();
        sort_by_creation(&mut notes);
        notes
    }

    /// Every note, grouped by claim id (in id order), oldest first within
    /// a claim.
    pub fn all_notes(&self) -> Vec<&Note> {
        let mut notes: Vec<&Note> = self.notes.values().collect();
        notes.sort_by(|a, b| (&a.claim, a.created, &a.id).cmp(&(&b.claim, b.created, &b.id)));
        notes
    }

    /// Notes whose claim is no longer in the map, grouped by their old
    /// claim id, oldest first within a claim. They stay in the file until
    /// moved ([`NoteStore::move_note`]) or deleted.
    pub fn orphaned(&self) -> Vec<&Note> {
        self.all_notes()
            .into_iter()
            .filter(|n| !self.claims.contains(&n.claim))
            .collect()
    }

    /// Whether a note's claim is no longer in the map.
    pub fn is_orphaned(&self, note: &Note) -> bool {
        !self.claims.contains(&note.claim)
    }

    /// Number of notes per claim id (orphaned claims included); claims
    /// without notes are absent.
    pub fn counts(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for n in self.notes.values() {
            *counts.entry(n.claim.as_str()).or_insert(0) += 1;
        }
        counts
    }

    /// Number of notes on `claim`.
    pub fn count_for(&self, claim: &str) -> usize {
        self.notes.values().filter(|n| n.claim == claim).count()
    }

    /// Total number of notes.
    pub fn len(&self) -> usize {
        self.notes.len()
    }

    /// Whether there are no notes at all.
    pub fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }

    /// Adds a note to `claim` and returns its id. Undoable.
    pub fn add(&mut self, claim: &str, text: &str) -> Result<NoteId, NotesError> {
        self.check_claim(claim)?;
        self.check_text(text)?;
        let id = loop {
            let id = NoteId::random();
            if !self.notes.contains_key(&id) && !self.base.contains_key(&id) {
                break id;
            }
        };
        let created = self.next_creation_time();
        let note = Note {
            id: id.clone(),
            claim: claim.to_owned(),
            text: text.to_owned(),
            created,
            edited: created,
        };
        self.apply(CommandKind::Add, &id, Some(note));
        Ok(id)
    }

    /// Replaces a note's text. Undoable; no change when the text is equal.
    pub fn edit(&mut self, id: &NoteId, text: &str) -> Result<(), NotesError> {
        self.check_text(text)?;
        let mut note = self.existing(id)?.clone();
        if note.text == text {
            return Ok(());
        }
        note.text = text.to_owned();
        note.edited = edit_time(&note);
        self.apply(CommandKind::Edit, id, Some(note));
        Ok(())
    }

    /// Deletes a note and returns it. Undoable.
    pub fn delete(&mut self, id: &NoteId) -> Result<Note, NotesError> {
        let note = self.existing(id)?.clone();
        self.apply(CommandKind::Delete, id, None);
        Ok(note)
    }

    /// Moves a note (an orphan, typically) to another claim of the map.
    /// Undoable; no change when it is already there.
    pub fn move_note(&mut self, id: &NoteId, claim: &str) -> Result<(), NotesError> {
        self.check_claim(claim)?;
        let mut note = self.existing(id)?.clone();
        if note.claim == claim {
            return Ok(());
        }
        note.claim = claim.to_owned();
        note.edited = edit_time(&note);
        self.apply(CommandKind::Move, id, Some(note));
        Ok(())
    }

    /// Tells the store the map's argument ids (after opening it, and when
    /// the map was reloaded): inference marks on other ids are orphaned.
    pub fn set_argument_ids<I, S>(&mut self, argument_ids: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.arguments = argument_ids.into_iter().map(Into::into).collect();
    }

    /// The mark on the claim or argument with this id (`None`: open).
    pub fn mark(&self, id: &str) -> Option<Mark> {
        self.marks.get(id).copied()
    }

    /// Every mark, by claim or argument id (orphaned ones included).
    pub fn marks(&self) -> &MarkMap {
        &self.marks
    }

    /// Counts changes of the marks (edits, undo, redo, merges): when it
    /// has not changed, neither have the marks.
    pub fn marks_revision(&self) -> u64 {
        self.marks_revision
    }

    /// Whether `mark` could be put on `id`: a claim mark on a claim of the
    /// map, an inference mark on an argument.
    fn fits(&self, id: &str, mark: Mark) -> bool {
        if mark.is_claim_mark() {
            self.claims.contains(id)
        } else {
            self.arguments.contains(id)
        }
    }

    /// Marks whose claim or argument is no longer in the map (or is not
    /// the kind of thing the mark is for), in id order. They stay in the
    /// file until moved ([`NoteStore::move_mark`]) or cleared.
    pub fn orphaned_marks(&self) -> Vec<(&str, Mark)> {
        self.marks
            .iter()
            .filter(|&(id, &mark)| !self.fits(id, mark))
            .map(|(id, &mark)| (id.as_str(), mark))
            .collect()
    }

    /// Sets the mark on the claim or argument `id` (`None` leaves it open
    /// again). Undoable; no change when it is already so. A claim mark
    /// needs a claim of the map and an inference mark an argument; any
    /// mark, orphaned ones included, can be cleared.
    pub fn set_mark(&mut self, id: &str, mark: Option<Mark>) -> Result<(), NotesError> {
        if let Some(mark) = mark {
            self.check_mark(id, mark)?;
        }
        self.apply_marks(CommandKind::setting(mark), vec![(id.to_owned(), mark)]);
        Ok(())
    }

    /// Sets several marks as one undoable command (keeping a "what if",
    /// for instance). Nothing changes if any of them does not fit.
    pub fn set_marks(&mut self, marks: &[(String, Option<Mark>)]) -> Result<(), NotesError> {
        for (id, mark) in marks {
            if let Some(mark) = mark {
                self.check_mark(id, *mark)?;
            }
        }
        let kind = match marks {
            [(_, mark)] => CommandKind::setting(*mark),
            _ => CommandKind::SetMarks,
        };
        self.apply_marks(kind, marks.to_vec());
        Ok(())
    }

    /// Clears every mark on the map's claims and arguments, as one
    /// undoable command. Orphaned marks are kept.
    pub fn clear_marks(&mut self) {
        let cleared: Vec<(String, Option<Mark>)> = self
            .marks
            .iter()
            .filter(|&(id, &mark)| self.fits(id, mark))
            .map(|(id, _)| (id.clone(), None))
            .collect();
        self.apply_marks(CommandKind::ClearMarks, cleared);
    }

    /// Moves the mark on `from` (an orphaned one, typically) to `to`,
    /// replacing any mark there. Undoable.
    pub fn move_mark(&mut self, from: &str, to: &str) -> Result<(), NotesError> {
        let Some(mark) = self.mark(from) else {
            return Err(NotesError::UnknownMark {
                id: from.to_owned(),
                path: self.location.path.clone(),
            });
        };
        self.check_mark(to, mark)?;
        if from == to {
            return Ok(());
        }
        self.apply_marks(
            CommandKind::MoveMark,
            vec![(from.to_owned(), None), (to.to_owned(), Some(mark))],
        );
        Ok(())
    }

    fn check_mark(&self, id: &str, mark: Mark) -> Result<(), NotesError> {
        if self.fits(id, mark) {
            return Ok(());
        }
        let map = self.map_path.clone();
        let id = id.to_owned();
        Err(match (mark.is_claim_mark(), self.claims.contains(&id)) {
            (true, false) if self.arguments.contains(&id) => {
                NotesError::MarkMismatch { id, mark, map }
            }
            (false, true) => NotesError::MarkMismatch { id, mark, map },
            (true, _) => NotesError::UnknownClaim { claim: id, map },
            (false, _) => NotesError::UnknownArgument { argument: id, map },
        })
    }

    /// Undoes the latest edit; returns what it was, `None` if none.
    pub fn undo(&mut self) -> Option<CommandKind> {
        let done = self
            .history
            .undo(&mut self.notes, &mut self.marks)
            .map(|c| (c.kind, c.changes_marks()));
        self.after_history(done)
    }

    /// Redoes the latest undone edit; returns what it was, `None` if none.
    pub fn redo(&mut self) -> Option<CommandKind> {
        let done = self
            .history
            .redo(&mut self.notes, &mut self.marks)
            .map(|c| (c.kind, c.changes_marks()));
        self.after_history(done)
    }

    fn after_history(&mut self, done: Option<(CommandKind, bool)>) -> Option<CommandKind> {
        if let Some((_, true)) = done {
            self.marks_revision += 1;
        }
        self.update_dirty();
        done.map(|(kind, _)| kind)
    }

    /// Whether there is an edit to undo.
    pub fn can_undo(&self) -> bool {
        self.history.next_undo().is_some()
    }

    /// Whether there is an undone edit to redo.
    pub fn can_redo(&self) -> bool {
        self.history.next_redo().is_some()
    }

    /// What the next undo would revert (for an "Undo add note" label).
    pub fn undo_kind(&self) -> Option<CommandKind> {
        self.history.next_undo().map(|c| c.kind)
    }

    /// What the next redo would apply.
    pub fn redo_kind(&self) -> Option<CommandKind> {
        self.history.next_redo().map(|c| c.kind)
    }

    /// Whether the notes differ from what was last loaded or saved (undoing
    /// back to that state makes the store clean again).
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Compares the notes with the last loaded or saved state, once per
    /// change rather than on every call of [`NoteStore::is_dirty`] (which the
    /// viewer may call every frame).
    fn update_dirty(&mut self) {
        self.dirty = self.notes != self.base
            || self.marks != self.marks_base
            || self.collapsed != self.collapsed_base;
    }

    /// Ids of the claims whose branch is collapsed in the viewer (ids the
    /// map no longer has included: they stay in the file).
    pub fn collapsed(&self) -> &BTreeSet<String> {
        &self.collapsed
    }

    /// Sets which claims are collapsed; saved with the notes. Not part of
    /// the undo history: it is how the map is looked at, not an edit.
    pub fn set_collapsed(&mut self, collapsed: BTreeSet<String>) {
        if collapsed != self.collapsed {
            self.collapsed = collapsed;
            self.update_dirty();
        }
    }

    /// Saves the notes and marks atomically, keeping the previous file as
    /// `.bak`.
    ///
    /// If the file changed on disk since it was loaded or saved, the
    /// changes are merged with this store's (the store then holds the
    /// merged notes) and the outcome says so. If the map's folder cannot be
    /// written and there was no notes file yet, the notes go to the user's
    /// data folder. On error the file on disk is unchanged.
    ///
    /// The read, merge and write happen under the notes file's advisory
    /// lock, so saves by other windows and processes take turns; a save
    /// that cannot get the lock within [`StoreOptions::lock_timeout`] fails
    /// with [`NotesError::Locked`]. This blocks while it waits and writes:
    /// the viewer runs [`NoteStore::save_job`] on a worker thread instead.
    pub fn save(&mut self) -> Result<SaveOutcome, NotesError> {
        let done = self.save_job().run();
        self.finish_save(done)
    }

    /// A save of the notes and marks as they are now, to run with
    /// [`SaveJob::run`] on any thread while the store stays usable (and
    /// editable); hand the result to [`NoteStore::finish_save`].
    pub fn save_job(&self) -> SaveJob {
        SaveJob {
            map_path: self.map_path.clone(),
            options: self.options.clone(),
            location: self.location.clone(),
            base: self.base.clone(),
            notes: self.notes.clone(),
            snapshot: self.notes.clone(),
            marks_base: self.marks_base.clone(),
            marks: self.marks.clone(),
            marks_snapshot: self.marks.clone(),
            collapsed_base: self.collapsed_base.clone(),
            collapsed: self.collapsed.clone(),
            collapsed_snapshot: self.collapsed.clone(),
            disk_hash: self.disk_hash,
            blocked: self.blocked.clone(),
        }
    }

    /// Takes in the result of a [`SaveJob`] made by this store: where the
    /// notes now are, what was written or merged, and (merged in again)
    /// any edits made while the job ran, which stay unsaved.
    pub fn finish_save(&mut self, done: SaveDone) -> Result<SaveOutcome, NotesError> {
        let SaveDone { job, outcome } = done;
        self.location = job.location;
        self.disk_hash = job.disk_hash;
        self.blocked = job.blocked;
        self.base = job.base;
        self.marks_base = job.marks_base;
        self.notes = if self.notes == job.snapshot {
            job.notes
        } else {
            merge::merge(&job.snapshot, &self.notes, &job.notes).0
        };
        let marks = if self.marks == job.marks_snapshot {
            job.marks
        } else {
            merge::merge_marks(&job.marks_snapshot, &self.marks, &job.marks).0
        };
        if marks != self.marks {
            self.marks = marks;
            self.marks_revision += 1;
        }
        self.collapsed_base = job.collapsed_base;
        if self.collapsed == job.collapsed_snapshot {
            self.collapsed = job.collapsed;
        }
        self.update_dirty();
        outcome
    }

    /// Takes in changes another program (another window, a sync tool) made
    /// to the notes file since this store loaded or saved it, merging them
    /// with this store's unsaved edits, without writing anything. The
    /// outcome's `merge` is set when the file had changed; `written` is
    /// false. Unsaved edits stay unsaved ([`NoteStore::is_dirty`]).
    pub fn refresh(&mut self) -> Result<SaveOutcome, NotesError> {
        let mut job = self.save_job();
        let outcome = job.refresh();
        self.finish_save(SaveDone { job, outcome })
    }

    fn apply(&mut self, kind: CommandKind, id: &NoteId, after: Option<Note>) {
        let command = Command {
            kind,
            changes: vec![Change::Note {
                id: id.clone(),
                before: self.notes.get(id).cloned(),
                after,
            }],
        };
        command.redo(&mut self.notes, &mut self.marks);
        self.history.record(command);
        self.update_dirty();
    }

    /// Applies and records one command setting each id's mark; ids whose
    /// mark would not change are left out, and nothing is recorded when
    /// none would.
    fn apply_marks(&mut self, kind: CommandKind, marks: Vec<(String, Option<Mark>)>) {
        let changes: Vec<Change> = marks
            .into_iter()
            .filter_map(|(id, after)| {
                let before = self.marks.get(&id).copied();
                (before != after).then_some(Change::Mark { id, before, after })
            })
            .collect();
        if changes.is_empty() {
            return;
        }
        let command = Command { kind, changes };
        command.redo(&mut self.notes, &mut self.marks);
        self.history.record(command);
        self.marks_revision += 1;
        self.update_dirty();
    }

    fn existing(&self, id: &NoteId) -> Result<&Note, NotesError> {
        self.notes.get(id).ok_or_else(|| NotesError::UnknownNote {
            id: id.clone(),
            path: self.location.path.clone(),
        })
    }

    fn check_claim(&self, claim: &str) -> Result<(), NotesError> {
        if self.claims.contains(claim) {
            Ok(())
        } else {
            Err(NotesError::UnknownClaim {
                claim: claim.to_owned(),
                map: self.map_path.clone(),
            })
        }
    }

    fn check_text(&self, text: &str) -> Result<(), NotesError> {
        if text.trim().is_empty() {
            Err(NotesError::EmptyText {
                path: self.location.path.clone(),
            })
        } else {
            Ok(())
        }
    }

    /// Now, but later than every note in the store, so that notes added in
    /// quick succession keep their order.
    fn next_creation_time(&self) -> DateTime<Utc> {
        let now = format::now();
        match self.notes.values().map(|n| n.created).max() {
            Some(latest) if latest >= now => latest + TimeDelta::milliseconds(1),
            _ => now,
        }
    }
}

/// Now, but later than the note's creation, so that an edit in the same
/// millisecond still shows as an edit.
fn edit_time(note: &Note) -> DateTime<Utc> {
    format::now().max(note.created + TimeDelta::milliseconds(1))
}

/// Oldest first; ties (same millisecond) by id.
fn sort_by_creation(notes: &mut [&Note]) {
    notes.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
}

/// A notes file as read.
struct OnDisk {
    /// Its notes and marks; `None` when its hash showed it unchanged.
    notes: Option<format::Sidecar>,
    hash: ContentHash,
    read: atomic::Read,
}

/// Why one attempt at saving stopped.
enum SaveError {
    /// The folder cannot be written and there is no file there yet.
    Folder(NotesError),
    /// The file changed between reading it and replacing it: try again.
    ChangedWhileSaving,
    /// Any other failure.
    Notes(NotesError),
}

/// A save of a store's notes and marks, made by [`NoteStore::save_job`]: it
/// holds a copy of everything the save needs, so that it can run on a
/// worker thread while the store stays in use.
#[derive(Debug)]
pub struct SaveJob {
    map_path: PathBuf,
    options: StoreOptions,
    location: Location,
    /// The notes as last loaded or saved; the base of a merge.
    base: NoteMap,
    /// The notes to save, merged with the file's as the save goes.
    notes: NoteMap,
    /// The store's notes when the job was made.
    snapshot: NoteMap,
    /// The marks as last loaded or saved.
    marks_base: MarkMap,
    /// The marks to save, merged with the file's as the save goes.
    marks: MarkMap,
    /// The store's marks when the job was made.
    marks_snapshot: MarkMap,
    /// The collapsed claims as last loaded or saved.
    collapsed_base: BTreeSet<String>,
    /// The collapsed claims to save (the file's, when only it changed them).
    collapsed: BTreeSet<String>,
    /// The store's collapsed claims when the job was made.
    collapsed_snapshot: BTreeSet<String>,
    disk_hash: Option<ContentHash>,
    blocked: Option<PathBuf>,
}

/// A finished [`SaveJob`], for [`NoteStore::finish_save`].
#[derive(Debug)]
pub struct SaveDone {
    job: SaveJob,
    outcome: Result<SaveOutcome, NotesError>,
}

impl SaveDone {
    /// What the save did, or why it failed.
    pub fn outcome(&self) -> &Result<SaveOutcome, NotesError> {
        &self.outcome
    }
}

impl SaveJob {
    /// Where the notes are saved (before the save: it may move them to the
    /// data folder).
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// Runs the save: reads the file, merges, writes, all under the lock.
    pub fn run(mut self) -> SaveDone {
        let outcome = self.save();
        SaveDone { job: self, outcome }
    }

    fn new_outcome(&self) -> SaveOutcome {
        SaveOutcome {
            location: self.location.clone(),
            written: false,
            fell_back: false,
            merge: None,
            warnings: Vec::new(),
        }
    }

    fn is_dirty(&self) -> bool {
        self.notes != self.base
            || self.marks != self.marks_base
            || self.collapsed != self.collapsed_base
    }

    fn refresh(&mut self) -> Result<SaveOutcome, NotesError> {
        if let Some(path) = &self.blocked {
            return Err(NotesError::Blocked { path: path.clone() });
        }
        let mut outcome = self.new_outcome();
        self.take_in_disk_changes(&mut outcome)?;
        Ok(outcome)
    }

    fn save(&mut self) -> Result<SaveOutcome, NotesError> {
        if let Some(path) = &self.blocked {
            return Err(NotesError::Blocked { path: path.clone() });
        }
        let mut outcome = self.new_outcome();
        if !self.is_dirty() {
            // Nothing of ours to write (and so no lock needed): only take
            // in what changed on disk, unless the file was deleted.
            let (on_disk, _) = self.take_in_disk_changes(&mut outcome)?;
            if on_disk.is_some()
                || (self.notes.is_empty() && self.marks.is_empty() && self.collapsed.is_empty())
            {
                if on_disk.is_some() {
                    // Nothing to write, but what killed saves left behind
                    // goes all the same (only files over a minute old,
                    // which no running save still writes).
                    atomic::remove_stale_temp_files(&self.location.path);
                }
                return Ok(outcome);
            }
        }
        let mut attempts = 0;
        loop {
            attempts += 1;
            match self.save_once(&mut outcome) {
                Ok(()) => {
                    outcome.location = self.location.clone();
                    return Ok(outcome);
                }
                Err(SaveError::ChangedWhileSaving) if attempts < SAVE_ATTEMPTS => continue,
                Err(SaveError::ChangedWhileSaving) => {
                    return Err(NotesError::Io {
                        action: "save",
                        path: self.location.path.clone(),
                        source: std::io::Error::other("the file keeps changing on disk"),
                    });
                }
                Err(SaveError::Folder(e)) => {
                    match self.fallback_location() {
                        Some(f) if self.location.kind == LocationKind::BesideMap => {
                            // Nothing was written beside the map; the data
                            // folder may already hold a file for it.
                            let dir = atomic::parent_dir(&f.path).to_owned();
                            std::fs::create_dir_all(&dir).map_err(|source| NotesError::Io {
                                action: "create the folder",
                                path: dir,
                                source,
                            })?;
                            self.location = f;
                            self.disk_hash = None;
                            outcome.fell_back = true;
                        }
                        _ => return Err(e),
                    }
                }
                Err(SaveError::Notes(e)) => return Err(e),
            }
        }
    }

    /// The data-folder location, if there is a data folder and no notes
    /// file beside the map (which must not be left stale).
    fn fallback_location(&self) -> Option<Location> {
        if std::fs::symlink_metadata(location::sidecar_path(&self.map_path)).is_ok() {
            return None;
        }
        self.options.data_dir.as_ref().map(|dir| Location {
            path: location::fallback_path(dir, &self.map_path),
            kind: LocationKind::DataFolder,
        })
    }

    /// Reads the notes file and, if it changed since it was loaded or
    /// saved, merges the changes into the job's notes and marks. Returns the
    /// file's bytes and stamp as read (`None` when there is no file).
    fn take_in_disk_changes(
        &mut self,
        outcome: &mut SaveOutcome,
    ) -> Result<(Option<Vec<u8>>, Option<atomic::Stamp>), NotesError> {
        let path = self.location.path.clone();
        Ok(match NoteStore::read_file(&path, self.disk_hash) {
            Ok(None) => {
                if self.disk_hash.is_some() {
                    outcome
                        .warnings
                        .push(NotesWarning::DeletedOnDisk { path: path.clone() });
                    self.disk_hash = None;
                }
                (None, None)
            }
            Ok(Some(OnDisk { notes, hash, read })) => {
                // `notes` is `None` when the file is as loaded or saved.
                if let Some(theirs) = notes {
                    let (merged, report) = merge::merge(&self.base, &self.notes, &theirs.notes);
                    let (marks, marks_taken, mark_conflicts) =
                        merge::merge_marks(&self.marks_base, &self.marks, &theirs.marks);
                    self.notes = merged;
                    self.base = theirs.notes;
                    self.marks = marks;
                    self.marks_base = theirs.marks;
                    // Ours when we changed it, else the file's.
                    if self.collapsed == self.collapsed_base {
                        self.collapsed = theirs.collapsed.clone();
                    }
                    self.collapsed_base = theirs.collapsed;
                    self.disk_hash = Some(hash);
                    let total = outcome.merge.get_or_insert_with(MergeReport::default);
                    total.taken_from_disk += report.taken_from_disk + marks_taken;
                    total.conflicts.extend(report.conflicts);
                    total.mark_conflicts.extend(mark_conflicts);
                }
                let stamp = read.stamp;
                (Some(read.bytes), Some(stamp))
            }
            Err(error) if error.is_not_a_file() => {
                // Became a directory or FIFO: leave it, write nothing.
                outcome.warnings.push(NotesWarning::NotAFile { error });
                self.blocked = Some(path.clone());
                return Err(NotesError::Blocked { path });
            }
            Err(error) => {
                // Changed into something unreadable: keep it aside.
                let moved_to = atomic::move_aside(&path);
                let failed = moved_to.is_err();
                outcome
                    .warnings
                    .push(NotesWarning::Unreadable { error, moved_to });
                if failed {
                    self.blocked = Some(path.clone());
                    return Err(NotesError::Blocked { path });
                }
                self.disk_hash = None;
                (None, None)
            }
        })
    }

    fn save_once(&mut self, outcome: &mut SaveOutcome) -> Result<(), SaveError> {
        let path = self.location.path.clone();
        let existed = std::fs::symlink_metadata(&path).is_ok();
        if self.location.kind == LocationKind::DataFolder {
            let dir = atomic::parent_dir(&path);
            std::fs::create_dir_all(dir).map_err(|source| {
                SaveError::Notes(NotesError::Io {
                    action: "create the folder",
                    path: dir.to_owned(),
                    source,
                })
            })?;
        }
        // 0. Take turns with other windows and processes: everything from
        // reading the file to replacing it happens under the lock.
        let _lock = match atomic::lock(&path, self.options.lock_timeout) {
            Ok(lock) => lock,
            Err(LockError::Folder(e)) if !existed => return Err(SaveError::Folder(e)),
            Err(LockError::Folder(e) | LockError::Other(e)) => return Err(SaveError::Notes(e)),
        };
        // 1. What is on disk now? Merge it in if it changed.
        let (on_disk, stamp) = self
            .take_in_disk_changes(outcome)
            .map_err(SaveError::Notes)?;
        if !self.is_dirty() && on_disk.is_some() {
            return Ok(());
        }
        if self.notes.is_empty()
            && self.marks.is_empty()
            && self.collapsed.is_empty()
            && on_disk.is_none()
        {
            // Nothing to keep and no file to update: do not create an
            // empty notes file.
            self.base = self.notes.clone();
            self.marks_base = self.marks.clone();
            self.collapsed_base = self.collapsed.clone();
            return Ok(());
        }
        // 2. Write the new version.
        let map_name = match self.location.kind {
            LocationKind::DataFolder => Some(
                location::canonical_map_path(&self.map_path)
                    .to_string_lossy()
                    .into_owned(),
            ),
            LocationKind::BesideMap => None,
        };
        let text = format::serialize(
            &self.notes,
            &self.marks,
            &self.collapsed,
            map_name.as_deref(),
            &path,
        )
        .map_err(SaveError::Notes)?;
        // Never write a file that could not be read back.
        if text.len() as u64 > super::MAX_FILE_SIZE {
            return Err(SaveError::Notes(NotesError::TooLarge {
                path,
                size: text.len() as u64,
                limit: super::MAX_FILE_SIZE,
            }));
        }
        let pending = atomic::prepare(&path, text.as_bytes()).map_err(|e| match e {
            WriteError::Folder(e) if on_disk.is_none() => SaveError::Folder(e),
            WriteError::Folder(e) | WriteError::Other(e) => SaveError::Notes(e),
        })?;
        // 3. A program that does not take the lock (a sync tool, an editor)
        // may have written the file while we prepared ours.
        if atomic::stamp(&path) != stamp {
            return Err(SaveError::ChangedWhileSaving);
        }
        pending
            .commit(on_disk.as_deref())
            .map_err(SaveError::Notes)?;
        self.disk_hash = Some(atomic::content_hash(text.as_bytes()));
        self.base = self.notes.clone();
        self.marks_base = self.marks.clone();
        self.collapsed_base = self.collapsed.clone();
        outcome.written = true;
        // 4. Still under the lock, no other save is half-way: temporary
        // files old enough are what killed saves left behind.
        atomic::remove_stale_temp_files(&path);
        Ok(())
    }
}
