package io.takfed.missions.rol;

import io.takfed.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses ROL programs with the generated grammar ({@code Rol.g4}), bailing out at the first error as TAK does.
 * The parameters become a JSON object; of a key given twice, the last value counts, as with Jackson.
 * <p>
 * An instance keeps its lexer, token stream and parser for the programs it reads one after another (a receiver's
 * batch): building them per program was a tenth of what parsing allocated. Not for concurrent use.
 */
public final class RolReader {

    private final RolLexer lexer = new RolLexer(null);
    private final CommonTokenStream tokens = new CommonTokenStream(lexer);
    private final RolParser parser = new RolParser(tokens);

    public RolReader() {
        lexer.removeErrorListeners();
        lexer.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object symbol, int line, int column, String message,
                                    RecognitionException e) {
                throw new ParseCancellationException("line " + line + ":" + column + " " + message);
            }
        });
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
    }

    /** Parses one program with a reader of its own. */
    public static List<RolProgram> parse(String program) throws RolSyntaxException {
        return new RolReader().read(program);
    }

    /** The one statement TAK sends per program, with a reader of its own. */
    public static RolProgram parseOne(String program) throws RolSyntaxException {
        return new RolReader().readOne(program);
    }

    public List<RolProgram> read(String program) throws RolSyntaxException {
        lexer.setInputStream(CharStreams.fromString(program));
        tokens.setTokenSource(lexer);
        parser.setTokenStream(tokens);
        try {
            List<RolProgram> statements = new ArrayList<>();
            for (RolParser.StatementContext statement : parser.program().statement()) {
                JsonObject parameters = statement.parameters() == null ? JsonValue.EMPTY_JSON_OBJECT
                        : object(statement.parameters().object());
                statements.add(new RolProgram(statement.operation().getText(), statement.resource().getText(),
                        parameters));
            }
            return statements;
        } catch (ParseCancellationException e) {
            String where = e.getCause() instanceof RecognitionException r && r.getOffendingToken() != null
                    ? " at '" + r.getOffendingToken().getText() + "' (line " + r.getOffendingToken().getLine() + ")"
                    : e.getMessage() == null ? "" : ": " + e.getMessage();
            throw new RolSyntaxException("not a ROL program" + where);
        }
    }

    /** The one statement TAK sends per program. */
    public RolProgram readOne(String program) throws RolSyntaxException {
        List<RolProgram> statements = read(program);
        if (statements.size() != 1) {
            throw new RolSyntaxException("expected one ROL statement, found " + statements.size());
        }
        return statements.get(0);
    }

    private static JsonObject object(RolParser.ObjectContext object) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        for (RolParser.PairContext pair : object.pair()) {
            json.add(((jakarta.json.JsonString) RolJson.scalar(pair.STRING().getText())).getString(),
                    value(pair.value()));
        }
        return json.build();
    }

    private static JsonValue value(RolParser.ValueContext value) {
        if (value.object() != null) {
            return object(value.object());
        }
        if (value.array() != null) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            value.array().value().forEach(v -> array.add(value(v)));
            return array.build();
        }
        if (value.TRUE() != null) {
            return JsonValue.TRUE;
        }
        if (value.FALSE() != null) {
            return JsonValue.FALSE;
        }
        if (value.IDENT() != null) {
            // "null" is an identifier in the grammar; any other bare word is kept as text.
            String word = value.IDENT().getText();
            return "null".equals(word) ? JsonValue.NULL : Json.createValue(word);
        }
        return RolJson.scalar(value.getText());
    }
}
